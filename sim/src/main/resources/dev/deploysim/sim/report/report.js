// deploysim report page: draws a run or a comparison from the JSON embedded in #report-data.
// No network, no libraries: plain DOM and SVG strings. When it is done it writes "rendered" into
// #render-status and data-rendered="ok" on <body>; on any error it writes the error there instead,
// so a headless browser can tell a page that drew from one that broke.
(function () {
  "use strict";
  var status = document.getElementById("render-status");
  window.addEventListener("error", function (e) {
    document.body.setAttribute("data-rendered", "error");
    status.textContent = "render error: " + (e.message || e);
  });

  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function fmt(x, d) { return Number(x).toFixed(d === undefined ? 1 : d); }
  // A percentage that never rounds a non-zero share to "0.00%".
  function pct(rate) { return rate > 0 && rate < 0.00005 ? "<0.01%" : fmt(100 * rate, 2) + "%"; }
  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html !== undefined) { e.innerHTML = html; }
    return e;
  }
  // Tick step of about `count` ticks over [0, max]: 1, 2 or 5 times a power of ten.
  function niceStep(max, count) {
    if (!(max > 0)) { return 1; }
    var raw = max / count, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  function ticks(max, count) {
    var step = niceStep(max, count), out = [];
    for (var t = 0; t <= max + 1e-9; t += step) { out.push(Math.round(t * 1e6) / 1e6); }
    return out;
  }
  function card(value, label, alert) {
    return '<div class="card' + (alert ? " alert" : "") + '"><div class="v">' + esc(value) + '</div><div class="l">' + esc(label) + "</div></div>";
  }
  function legend(items) {
    return '<div class="legend">' + items.map(function (i) {
      return "<span><i style=\"" + i[0] + "\"></i>" + esc(i[1]) + "</span>";
    }).join("") + "</div>";
  }

  // ---------------------------------------------------------------- run

  var STATE_STYLE = {
    started: { op: 1 },
    creating: { op: 0.35, stripe: true }, created: { op: 0.35, stripe: true }, starting: { op: 0.55, stripe: true },
    updating: { op: 0.55, stripe: true }, replacing: { op: 0.55, stripe: true }, restarting: { op: 0.55, stripe: true },
    stopping: { op: 0.45 }, suspending: { op: 0.45 }, destroying: { op: 0.25 },
    stopped: { op: 0.18 }, suspended: { op: 0.18 },
    failed: { op: 1, color: "var(--bad)" }, launch_failed: { op: 1, color: "var(--bad)" }
  };

  function renderRun(app, data) {
    var r = data.result, tl = data.timeline;
    var outcome = r.outcome;
    var head = el("div");
    head.innerHTML = '<h1><span class="kind">deploysim run ·</span> ' + esc(r.strategy) + '<span class="badge ' + esc(outcome) + '">' +
      esc(outcome.replace("_", " ")) + "</span></h1>" +
      '<div class="sub">' + esc(r.machines) + (r.machines === 1 ? " machine" : " machines") + " · seed " + esc(r.seed) +
      " · app " + esc(r.scenario ? r.scenario.app.name : "") + " · " + esc(tl.images.current) + " → " + esc(tl.images.next) +
      " · trace hash <code>" + esc(r.traceHash) + "</code>" + (r.outcomeDetail ? " · " + esc(r.outcomeDetail) : "") + "</div>";
    app.appendChild(head);

    var p = r.probes;
    var failPct = p.sent ? 100 * p.failed / p.sent : 0;
    app.appendChild(el("div", "cards",
      card(fmt(r.deploySeconds) + " s", outcome === "unfinished" ? "deploy (unfinished)" : "deploy time") +
      card(r.minServing, "min serving during deploy", r.minServing === 0) +
      card(fmt(r.zeroServingSeconds) + " s", "with zero serving", r.zeroServingSeconds > 0) +
      card(p.ok + " / " + p.slow + " / " + p.failed, "probes ok / slow / failed of " + p.sent, p.failed > 0) +
      card(fmt(failPct, 2) + " %", "probes failed", p.failed > 0) +
      card(r.peakMachines, "peak machines") +
      card(fmt(r.machineSeconds, 0), "machine-seconds")));

    var v = r.violations || [];
    var vbox;
    if (r.checkers === 0) {
      vbox = el("div", "violations none", "Invariants were not checked: this build has no invariant checkers.");
    } else if (v.length === 0) {
      vbox = el("div", "violations none", esc(r.checkers) + " invariant checkers ran; none reported a violation.");
    } else {
      vbox = el("div", "violations", "<b>" + v.length + " violation" + (v.length === 1 ? "" : "s") + "</b><ul>" + v.map(function (x) {
        return "<li>" + (x.promised ? '<span class="broken">broken promise</span> ' : "") + "<b>" + esc(x.invariant) + "</b> at " +
          fmt(x.atSeconds, 3) + " s: " + esc(x.detail) + "</li>";
      }).join("") + "</ul>");
    }
    app.appendChild(vbox);

    app.appendChild(el("h2", null, "Timeline"));
    var chart = el("div", "chart");
    chart.innerHTML = timelineSvg(tl);
    app.appendChild(chart);
    app.appendChild(el("div", null, legend([
      ["background: var(--old)", "current image (" + tl.images.current.split("/").pop() + ")"],
      ["background: var(--new)", "new image (" + tl.images.next.split("/").pop() + ")"],
      ["background: var(--old); opacity: .45", "booting / replacing / stopping (lighter)"],
      ["background: var(--old); opacity: .18", "stopped"],
      ["background: #1d2430; height: 3px", "serving (routed and answering)"],
      ["background: rgba(209,69,59,.18)", "zero serving"],
      ["background: rgba(226,154,33,.22)", "fault"],
      ["background: rgba(78,121,167,.08); border: 1px solid #c9d6e6", "deploy window"],
      ["background: var(--ok); border-radius: 50%; width: 9px", "probe ok"],
      ["background: var(--warn); border-radius: 50%; width: 9px", "slow"],
      ["background: var(--bad); border-radius: 50%; width: 9px", "failed"]
    ])));
    attachCursor(chart, tl);
    if (tl.aggregate) {
      var a = tl.aggregate;
      app.appendChild(el("p", "muted", "This run has " + esc(a.machineCount) + " machines, more than a row each can show: the chart counts them by state and image at " +
        esc(a.columns) + " instants, the serving count is the lowest within each of those columns (zero-serving windows are exact), and the rows are the machines that matter. " +
        "Every machine's own history is in trace.jsonl."));
      app.appendChild(el("div", null, legend(a.series.map(function (sr) {
        var st = seriesStyle(tl, sr);
        return ["background: " + st.color + "; opacity: " + st.op, sr[0] + " · " + sr[1].split("/").pop()];
      }))));
      if (tl.machines.length) {
        var md = el("details");
        md.innerHTML = "<summary>Machines that matter (" + tl.machines.length + " of " + esc(a.rowsThatMatter) + ")</summary><table><tr><th class=\"s\">machine</th><th class=\"s\">group</th><th class=\"s\">why</th></tr>" +
          tl.machines.map(function (m) {
            return '<tr><td class="s">' + esc(m.id) + '</td><td class="s">' + esc(m.group) + '</td><td class="s">' + esc((m.why || []).join("; ")) + "</td></tr>";
          }).join("") + "</table>";
        app.appendChild(md);
      }
    }

    if (tl.steps.length) {
      var rows = tl.steps.map(function (s) {
        return "<tr><td>" + fmt(s[0], 3) + '</td><td class="s">' + esc(s[1]) + '</td><td class="s">' + esc(s[2]) + '</td><td class="s">' + esc(s[3]) + "</td></tr>";
      }).join("");
      var d = el("details");
      d.innerHTML = "<summary>Strategy steps (" + tl.steps.length + (tl.aggregate ? ": deploy-wide and of the machines shown; the rest are in trace.jsonl" : "") + ")</summary><table><tr><th>seconds</th><th class=\"s\">step</th><th class=\"s\">machine</th><th class=\"s\">detail</th></tr>" + rows + "</table>";
      app.appendChild(d);
    }
    if (r.scenario) {
      var sd = el("details");
      sd.innerHTML = "<summary>Scenario (fully resolved; <code>deploysim replay result.json</code> re-runs it)</summary><pre>" + esc(JSON.stringify(r.scenario, null, 2)) + "</pre>";
      app.appendChild(sd);
    }
  }

  // Layout of the timeline, shared by the drawing and the cursor.
  function layout(tl) {
    var L = { left: 150, right: 24, width: 1300, top: 30, rowH: 20, rowGap: 6 };
    L.plotW = L.width - L.left - L.right;
    L.end = Math.max(tl.endSeconds, 1);
    L.x = function (t) { return L.left + L.plotW * Math.max(0, Math.min(t, L.end)) / L.end; };
    // An aggregate timeline (many machines) draws machine counts by state and image first, then
    // only the rows of the machines that matter.
    L.countsTop = L.top + 36;
    L.countsH = tl.aggregate ? 170 : 0;
    L.machinesTop = tl.aggregate ? L.countsTop + L.countsH + 34 : L.top + 22;
    L.machinesH = Math.max(1, tl.machines.length) * (L.rowH + L.rowGap);
    L.servingTop = L.machinesTop + L.machinesH + 34;
    L.servingH = 110;
    L.probesTop = L.servingTop + L.servingH + 34;
    L.probesH = 80;
    L.stepsTop = L.probesTop + L.probesH + 34;
    L.stepsH = 24;
    L.height = L.stepsTop + L.stepsH + 30;
    return L;
  }

  function timelineSvg(tl) {
    var L = layout(tl), x = L.x, o = [];
    o.push('<svg viewBox="0 0 ' + L.width + " " + L.height + '" role="img" aria-label="deploy timeline">');
    o.push('<defs><pattern id="stripe" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="3" height="6" fill="#fff" opacity=".55"/></pattern></defs>');
    // time grid and axis
    var tk = ticks(L.end, 12);
    o.push('<g class="axis">');
    tk.forEach(function (t) {
      o.push('<line class="grid" x1="' + x(t) + '" x2="' + x(t) + '" y1="' + L.top + '" y2="' + (L.height - 24) + '"/>');
      o.push('<text x="' + x(t) + '" y="' + (L.top - 8) + '" text-anchor="middle">' + t + "s</text>");
      o.push('<text x="' + x(t) + '" y="' + (L.height - 8) + '" text-anchor="middle">' + t + "s</text>");
    });
    o.push("</g>");
    // deploy window
    var ds = tl.deploy.startSeconds, de = tl.deploy.endSeconds === null ? L.end : tl.deploy.endSeconds;
    o.push('<rect x="' + x(ds) + '" y="' + L.top + '" width="' + Math.max(1, x(de) - x(ds)) + '" height="' + (L.height - 24 - L.top) +
      '" fill="rgba(78,121,167,.07)" stroke="#c9d6e6"><title>deploy ' + fmt(ds, 3) + " s – " +
      (tl.deploy.endSeconds === null ? "unfinished" : fmt(de, 3) + " s, " + esc(tl.deploy.outcome)) + "</title></rect>");
    o.push('<text x="' + (x(ds) + 4) + '" y="' + (L.top + 12) + '" class="muted">deploy start</text>');
    if (tl.deploy.endSeconds !== null) {
      o.push('<text x="' + (x(de) + 4) + '" y="' + (L.top + 12) + '" class="muted">end: ' + esc(tl.deploy.outcome.replace("_", " ")) + "</text>");
    }
    // faults: shaded across every section
    tl.faults.forEach(function (f) {
      var t1 = f.to === null ? null : f.to;
      var label = esc(f.fault) + " on " + esc(f.target) + (f.detail ? ": " + esc(f.detail) : "") + " (" + fmt(f.from, 3) + " s" +
        (t1 === null ? "" : " – " + fmt(t1, 3) + " s") + ")";
      if (t1 === null || t1 - f.from < 0.05) {
        o.push('<line x1="' + x(f.from) + '" x2="' + x(f.from) + '" y1="' + L.top + '" y2="' + (L.height - 24) + '" stroke="var(--warn)" stroke-width="2"><title>' + label + "</title></line>");
      } else {
        o.push('<rect x="' + x(f.from) + '" y="' + L.top + '" width="' + Math.max(1, x(t1) - x(f.from)) + '" height="' + (L.height - 24 - L.top) +
          '" fill="rgba(226,154,33,.22)"><title>' + label + "</title></rect>");
      }
      o.push('<text x="' + (x(f.from) + 3) + '" y="' + (L.height - 28) + '" fill="#a86a00">⚡ ' + esc(f.fault) + "</text>");
    });
    // section titles
    if (tl.aggregate) {
      o.push(sectionTitle(L, L.countsTop - 8, "machines by state and image (" + tl.aggregate.machineCount + ")"));
      o.push(countsArea(tl, L));
      o.push(sectionTitle(L, L.machinesTop - 8, "machines that matter (" + tl.machines.length + " of " +
        tl.aggregate.rowsThatMatter + " shown; every machine is in trace.jsonl)"));
    } else {
      o.push(sectionTitle(L, L.machinesTop - 8, "machines (" + tl.machines.length + ")"));
    }
    o.push(sectionTitle(L, L.servingTop - 8, "serving machines"));
    o.push(sectionTitle(L, L.probesTop - 8, "probes (latency)"));
    o.push(sectionTitle(L, L.stepsTop - 8, "strategy steps"));
    // machines
    tl.machines.forEach(function (m, i) {
      var y = L.machinesTop + i * (L.rowH + L.rowGap);
      var newer = null;
      o.push('<text x="' + (L.left - 8) + '" y="' + (y + L.rowH / 2 + 4) + '" text-anchor="end"><title>' + esc(m.id) + ", group " + esc(m.group) +
        ", " + esc(m.region) + ", launched by " + esc(m.actor) + (m.why ? "; " + esc(m.why.join("; ")) : "") + "</title>" + esc(m.id.length > 16 ? m.id.slice(0, 15) + "…" : m.id) +
        ' <tspan class="muted">' + esc(m.group) + "</tspan></text>");
      m.bands.forEach(function (b) {
        var from = b[0], to = b[1] === null ? L.end : b[1], state = b[2], image = b[3];
        var st = STATE_STYLE[state] || { op: 0.4 };
        var color = st.color || (image === tl.images.next ? "var(--new)" : image === tl.images.current ? "var(--old)" : "var(--other)");
        var w = Math.max(0.8, x(to) - x(from));
        var tip = "<title>" + esc(m.id) + ": " + esc(state) + " on " + esc(image) + ", " + fmt(from, 3) + " – " + (b[1] === null ? "end" : fmt(to, 3)) + " s</title>";
        o.push('<rect x="' + x(from) + '" y="' + y + '" width="' + w + '" height="' + (L.rowH - 5) + '" fill="' + color + '" opacity="' + st.op + '">' + tip + "</rect>");
        if (st.stripe) {
          o.push('<rect x="' + x(from) + '" y="' + y + '" width="' + w + '" height="' + (L.rowH - 5) + '" fill="url(#stripe)" pointer-events="none"/>');
        }
        if (w > 46 && to - from > 0) {
          o.push('<text x="' + (x(from) + 4) + '" y="' + (y + L.rowH - 9) + '" font-size="10.5" fill="' + (st.op >= 0.9 ? "#fff" : "#333") +
            '" pointer-events="none">' + esc(state) + "</text>");
        }
      });
      m.serving.forEach(function (s) {
        o.push('<rect x="' + x(s[0]) + '" y="' + (y + L.rowH - 4) + '" width="' + Math.max(0.8, x(s[1]) - x(s[0])) + '" height="3" fill="#1d2430"><title>serving ' +
          fmt(s[0], 3) + " – " + fmt(s[1], 3) + " s</title></rect>");
      });
    });
    // serving count
    var maxServ = 1;
    tl.serving.forEach(function (s) { maxServ = Math.max(maxServ, s[1], s[2]); });
    var sy = function (n) { return L.servingTop + L.servingH - L.servingH * n / maxServ; };
    ticks(maxServ, Math.min(maxServ, 4)).forEach(function (n) {
      if (n !== Math.round(n)) { return; }
      o.push('<line class="grid" x1="' + L.left + '" x2="' + (L.left + L.plotW) + '" y1="' + sy(n) + '" y2="' + sy(n) + '"/>');
      o.push('<text class="muted" x="' + (L.left - 8) + '" y="' + (sy(n) + 4) + '" text-anchor="end">' + n + "</text>");
    });
    tl.zeroServing.forEach(function (z) {
      o.push('<rect x="' + x(z[0]) + '" y="' + L.servingTop + '" width="' + Math.max(1.5, x(z[1]) - x(z[0])) + '" height="' + L.servingH +
        '" fill="rgba(209,69,59,.18)"><title>zero serving ' + fmt(z[0], 3) + " – " + fmt(z[1], 3) + " s (" + fmt(z[1] - z[0], 3) + " s)</title></rect>");
    });
    o.push(stepPath(tl.serving, 1, x, sy, L.end, true));
    o.push(stepPath(tl.serving, 2, x, sy, L.end, false));
    o.push('<text class="muted" x="' + (L.left + L.plotW) + '" y="' + (L.servingTop - 8) + '" text-anchor="end">solid: serving (routed and answering) · dashed: routable in the proxy\u2019s view</text>');
    // probes
    var maxLat = 0.001;
    tl.probes.forEach(function (pr) { maxLat = Math.max(maxLat, pr[2]); });
    var py = function (s) { return L.probesTop + L.probesH - L.probesH * s / maxLat; };
    [0, maxLat / 2, maxLat].forEach(function (s) {
      o.push('<line class="grid" x1="' + L.left + '" x2="' + (L.left + L.plotW) + '" y1="' + py(s) + '" y2="' + py(s) + '"/>');
      o.push('<text class="muted" x="' + (L.left - 8) + '" y="' + (py(s) + 4) + '" text-anchor="end">' + (s === 0 ? "0" : fmt(s, s < 1 ? 2 : 1)) + "s</text>");
    });
    var colors = { ok: "var(--ok)", slow: "var(--warn)", failed: "var(--bad)" };
    ["ok", "slow", "failed"].forEach(function (kind) {
      tl.probes.forEach(function (pr) {
        if (pr[1] !== kind) { return; }
        o.push('<circle cx="' + x(pr[0]).toFixed(1) + '" cy="' + py(pr[2]).toFixed(1) + '" r="' + (kind === "ok" ? 1.8 : 2.8) + '" fill="' + colors[kind] +
          '" opacity="' + (kind === "ok" ? 0.55 : 0.9) + '"><title>' + kind + ", sent " + fmt(pr[0], 3) + " s, " + fmt(pr[2], 3) + " s</title></circle>");
      });
    });
    // strategy steps
    o.push('<line x1="' + L.left + '" x2="' + (L.left + L.plotW) + '" y1="' + (L.stepsTop + L.stepsH / 2) + '" y2="' + (L.stepsTop + L.stepsH / 2) + '" stroke="#c3cad6"/>');
    if (tl.aggregate && tl.aggregate.stepCounts.length) {
      var maxSteps = 1;
      tl.aggregate.stepCounts.forEach(function (c) { maxSteps = Math.max(maxSteps, c[1]); });
      var colW = Math.max(1, L.plotW / tl.aggregate.columns);
      tl.aggregate.stepCounts.forEach(function (c) {
        // square-root scale: one burst of a thousand updates must not flatten the rest
        var h = Math.max(2, L.stepsH * Math.sqrt(c[1] / maxSteps));
        o.push('<rect x="' + x(c[0]).toFixed(1) + '" y="' + (L.stepsTop + L.stepsH - h).toFixed(1) + '" width="' + colW.toFixed(2) + '" height="' +
          h.toFixed(1) + '" fill="#8e7cc3"><title>' + c[1] + " per-machine steps from " + fmt(c[0], 3) + " s</title></rect>");
      });
    }
    var lastLabelX = -1e9;
    tl.steps.forEach(function (s) {
      var sx = x(s[0]);
      o.push('<line x1="' + sx + '" x2="' + sx + '" y1="' + L.stepsTop + '" y2="' + (L.stepsTop + L.stepsH) + '" stroke="#6b5b95" stroke-width="1.5"><title>' +
        fmt(s[0], 3) + " s: " + esc(s[1]) + (s[2] ? " " + esc(s[2]) : "") + (s[3] ? " (" + esc(s[3]) + ")" : "") + "</title></line>");
      if (sx - lastLabelX > 115) {
        o.push('<text x="' + (sx + 3) + '" y="' + (L.stepsTop + L.stepsH + 12) + '" font-size="10.5" fill="#6b5b95">' + esc(s[1].length > 17 ? s[1].slice(0, 16) + "…" : s[1]) + "</text>");
        lastLabelX = sx;
      }
    });
    // cursor (moved by attachCursor)
    o.push('<g id="cursor" style="display:none"><line id="cursor-line" y1="' + L.top + '" y2="' + (L.height - 24) + '" stroke="#1d2430" stroke-dasharray="3 3"/>' +
      '<rect id="cursor-box" y="' + (L.servingTop + 2) + '" width="150" height="20" rx="3" fill="#1d2430" opacity=".85"/>' +
      '<text id="cursor-text" y="' + (L.servingTop + 16) + '" fill="#fff" class="readout"></text></g>');
    o.push("</svg>");
    return o.join("");
  }

  // Colour and opacity of an aggregate series [state, image], as the machine rows draw that state.
  function seriesStyle(tl, sr) {
    var st = STATE_STYLE[sr[0]] || { op: 0.4 };
    var color = st.color || (sr[1] === tl.images.next ? "var(--new)" : sr[1] === tl.images.current ? "var(--old)" : "var(--other)");
    return { color: color, op: st.op, stripe: st.stripe };
  }

  // The stacked area of machine counts by state and image: each column's counts hold until the next column.
  function countsArea(tl, L) {
    var a = tl.aggregate, rows = a.counts, k = a.series.length, o = [], x = L.x, max = 1;
    rows.forEach(function (r) {
      var sum = 0;
      for (var i = 1; i <= k; i++) { sum += r[i]; }
      max = Math.max(max, sum);
    });
    var y = function (n) { return L.countsTop + L.countsH - L.countsH * n / max; };
    ticks(max, 4).forEach(function (n) {
      if (n !== Math.round(n)) { return; }
      o.push('<line class="grid" x1="' + L.left + '" x2="' + (L.left + L.plotW) + '" y1="' + y(n) + '" y2="' + y(n) + '"/>');
      o.push('<text class="muted" x="' + (L.left - 8) + '" y="' + (y(n) + 4) + '" text-anchor="end">' + n + "</text>");
    });
    var below = rows.map(function () { return 0; });
    for (var s = 0; s < k; s++) {
      var top = rows.map(function (r, c) { return below[c] + r[s + 1]; });
      var st = seriesStyle(tl, a.series[s]);
      // upper edge left to right as steps, lower edge right to left
      var d = "M" + x(rows[0][0]).toFixed(1) + "," + y(top[0]).toFixed(1);
      for (var c = 1; c < rows.length; c++) {
        d += " H" + x(rows[c][0]).toFixed(1) + " V" + y(top[c]).toFixed(1);
      }
      d += " H" + x(L.end).toFixed(1) + " V" + y(below[rows.length - 1]).toFixed(1);
      for (var c2 = rows.length - 1; c2 >= 1; c2--) {
        d += " H" + x(rows[c2][0]).toFixed(1) + " V" + y(below[c2 - 1]).toFixed(1);
      }
      d += " H" + x(rows[0][0]).toFixed(1) + " Z";
      var peak = 0;
      rows.forEach(function (r) { peak = Math.max(peak, r[s + 1]); });
      var tip = "<title>" + esc(a.series[s][0]) + " on " + esc(a.series[s][1]) + ": up to " + peak + " machines</title>";
      o.push('<path class="series" d="' + d + '" fill="' + st.color + '" opacity="' + st.op + '">' + tip + "</path>");
      if (st.stripe) {
        o.push('<path d="' + d + '" fill="url(#stripe)" pointer-events="none"/>');
      }
      below = top;
    }
    return o.join("");
  }

  function sectionTitle(L, y, text) {
    return '<text x="' + 8 + '" y="' + y + '" font-weight="600">' + esc(text) + "</text>";
  }

  // A step function of column `col` of rows [t, ...] drawn to `end`.
  function stepPath(rows, col, x, y, end, solid) {
    if (!rows.length) { return ""; }
    // horizontal to each step's time, then vertical to its value
    var d = "M" + x(rows[0][0]).toFixed(1) + "," + y(rows[0][col]).toFixed(1);
    rows.forEach(function (r) { d += " H" + x(r[0]).toFixed(1) + " V" + y(r[col]).toFixed(1); });
    d += " H" + x(end).toFixed(1);
    return '<path d="' + d + '" fill="none" stroke="' + (solid ? "#1d2430" : "#7a8699") + '" stroke-width="' + (solid ? 2 : 1.3) + '"' +
      (solid ? "" : ' stroke-dasharray="5 4"') + "/>";
  }

  function attachCursor(chart, tl) {
    var L = layout(tl), svg = chart.querySelector("svg");
    var g = svg.querySelector("#cursor"), line = svg.querySelector("#cursor-line"), box = svg.querySelector("#cursor-box"), text = svg.querySelector("#cursor-text");
    svg.addEventListener("mousemove", function (ev) {
      var rect = svg.getBoundingClientRect();
      var px = (ev.clientX - rect.left) * L.width / rect.width;
      if (px < L.left || px > L.left + L.plotW) { g.style.display = "none"; return; }
      var t = (px - L.left) / L.plotW * L.end, serving = 0, routable = 0;
      tl.serving.forEach(function (s) { if (s[0] <= t) { serving = s[1]; routable = s[2]; } });
      g.style.display = "";
      line.setAttribute("x1", px); line.setAttribute("x2", px);
      var bx = px + 160 > L.width ? px - 156 : px + 6;
      box.setAttribute("x", bx); text.setAttribute("x", bx + 6);
      text.textContent = fmt(t, 1) + " s: " + serving + " serving, " + routable + " routable";
    });
    svg.addEventListener("mouseleave", function () { g.style.display = "none"; });
  }

  // ---------------------------------------------------------------- compare

  function renderCompare(app, c) {
    var color = {};
    c.strategies.forEach(function (s, i) { color[s] = PALETTE[i % PALETTE.length]; });
    var nRuns = c.runs.length;
    app.appendChild(el("div", null, '<h1><span class="kind">deploysim compare ·</span> ' + c.strategies.length + " strategies × " +
      c.machines.length + " sizes × " + c.seeds + " seeds</h1>" +
      '<div class="sub">' + esc(c.scenarioSource) + " · " + nRuns + " runs · seeds " + c.firstSeed + "–" + (c.firstSeed + c.seeds - 1) +
      " per strategy and size" + (c.complete ? "" : ' · <b class="broken">interrupted: only finished rows are shown</b>') + "</div>"));

    var worst = c.rows.filter(function (r) { return r.runsWithZeroServing > 0; });
    app.appendChild(el("div", "cards",
      card(c.rows.length, "rows (strategy × size)") +
      card(worst.length, "rows where serving hit zero", worst.length > 0) +
      card(c.rows.filter(function (r) { return r.runsWithBrokenPromises > 0; }).length, "rows with broken promises",
        c.rows.some(function (r) { return r.runsWithBrokenPromises > 0; }))));

    app.appendChild(el("h2", null, "Results per strategy and app size"));
    var head = "<tr><th class=\"s\">strategy</th><th>machines</th><th>succeeded</th><th>deploy p50</th><th>p95</th><th>p99</th>" +
      "<th>zero-serving mean</th><th>max</th><th>runs with zero</th><th>failed probes</th><th>min serving</th><th>peak machines</th><th>machine-s mean</th><th>broken promises</th></tr>";
    var prev = null;
    var body = c.rows.map(function (r) {
      var first = r.strategy !== prev; prev = r.strategy;
      return "<tr" + (first ? ' class="first"' : "") + '><td class="s"><span class="dot" style="background:' + color[r.strategy] + '"></span>' + esc(r.strategy) +
        "</td><td>" + r.machines + "</td><td" + (r.outcomes.succeeded < r.runs ? ' class="bad"' : "") + ">" + r.outcomes.succeeded + "/" + r.runs +
        "</td><td>" + fmt(r.deploySeconds.p50) + "</td><td>" + fmt(r.deploySeconds.p95) + "</td><td>" + fmt(r.deploySeconds.p99) +
        "</td><td" + (r.zeroServingSeconds.mean > 0 ? ' class="bad"' : "") + ">" + fmt(r.zeroServingSeconds.mean) + "</td><td" + (r.zeroServingSeconds.max > 0 ? ' class="bad"' : "") + ">" + fmt(r.zeroServingSeconds.max) +
        "</td><td" + (r.runsWithZeroServing > 0 ? ' class="bad"' : "") + ">" + r.runsWithZeroServing + "/" + r.runs +
        "</td><td" + (r.failedProbeRate > 0 ? ' class="bad"' : "") + ">" + pct(r.failedProbeRate) + "</td><td" + (r.minServing === 0 ? ' class="bad"' : "") + ">" + r.minServing +
        "</td><td>" + r.peakMachines + "</td><td>" + fmt(r.machineSecondsMean, 0) + "</td><td" + (r.runsWithBrokenPromises > 0 ? ' class="bad"' : "") + ">" + r.runsWithBrokenPromises + "</td></tr>";
    }).join("");
    app.appendChild(el("div", "scroll", '<table class="rows">' + head + body + "</table>"));
    app.appendChild(el("div", "note", "Seconds of virtual time. Zero serving: no machine both routed to by the proxy and able to answer, " +
      "from the deploy's start to the end of the run. Failed probes: share of the HTTP probes (from 5 s before the deploy to 30 s after it) that got no answer."));

    var sizes = c.machines.filter(function (m) { return c.rows.some(function (r) { return r.machines === m; }); });
    app.appendChild(el("h2", null, "Distributions over the runs: deploy time and time with zero serving, per app size"));
    app.appendChild(el("div", "note", "Every dot is one run; the box spans the middle half of the runs (p25–p75), the thick bar is the median, the line runs from min to max. Seconds of virtual time."));
    sizes.forEach(function (m) {
      var panels = el("div", "panels");
      [["deploySeconds", "deploy time"], ["zeroServingSeconds", "time with zero serving"]].forEach(function (metric) {
        var p = el("div", "panel chart");
        p.innerHTML = "<h3>" + m + (m === 1 ? " machine" : " machines") + " · " + metric[1] + " (s)</h3>" + boxPlot(c, m, metric[0], color);
        panels.appendChild(p);
      });
      app.appendChild(panels);
    });

    var d = el("details");
    d.innerHTML = "<summary>Every run (" + nRuns + ")</summary><table><tr><th class=\"s\">strategy</th><th>machines</th><th>seed</th><th class=\"s\">outcome</th><th>deploy s</th><th>zero-serving s</th><th>min serving</th><th>probes failed</th><th>peak</th><th>violations</th><th class=\"s\">trace hash</th></tr>" +
      c.runs.map(function (r) {
        return '<tr><td class="s">' + esc(r.strategy) + "</td><td>" + r.machines + "</td><td>" + r.seed + '</td><td class="s">' + esc(r.outcome) + "</td><td>" + fmt(r.deploySeconds, 3) +
          "</td><td>" + fmt(r.zeroServingSeconds, 3) + "</td><td>" + r.minServing + "</td><td>" + r.probesFailed + "/" + r.probesSent + "</td><td>" + r.peakMachines +
          "</td><td>" + r.violations + '</td><td class="s"><code>' + esc(r.traceHash) + "</code></td></tr>";
      }).join("") + "</table>";
    app.appendChild(d);
  }

  function quantile(sorted, q) {
    var rank = Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  // One horizontal box plot per strategy at size m: whiskers min–max, box p25–p75, median bar, every run a dot.
  function boxPlot(c, m, key, color) {
    var strategies = c.strategies.filter(function (s) { return c.runs.some(function (r) { return r.strategy === s && r.machines === m; }); });
    var max = 0;
    c.runs.forEach(function (r) { if (r.machines === m) { max = Math.max(max, r[key]); } });
    var top = max > 0 ? max * 1.05 : 1;
    var W = 620, left = 118, right = 16, rowH = 30, H = 26 + strategies.length * rowH + 22;
    var x = function (v) { return left + (W - left - right) * v / top; };
    var o = ['<svg viewBox="0 0 ' + W + " " + H + '">'];
    ticks(top, 6).forEach(function (t) {
      o.push('<line class="grid" x1="' + x(t) + '" x2="' + x(t) + '" y1="14" y2="' + (H - 20) + '"/>');
      o.push('<text class="muted" x="' + x(t) + '" y="' + (H - 6) + '" text-anchor="middle">' + t + "</text>");
    });
    strategies.forEach(function (s, i) {
      var vals = c.runs.filter(function (r) { return r.strategy === s && r.machines === m; }).map(function (r) { return r[key]; }).sort(function (a, b) { return a - b; });
      var cy = 22 + i * rowH + rowH / 2, col = color[s];
      var q1 = quantile(vals, 0.25), q2 = quantile(vals, 0.5), q3 = quantile(vals, 0.75);
      o.push('<text x="' + (left - 8) + '" y="' + (cy + 4) + '" text-anchor="end">' + esc(s) + "</text>");
      o.push('<line x1="' + x(vals[0]) + '" x2="' + x(vals[vals.length - 1]) + '" y1="' + cy + '" y2="' + cy + '" stroke="' + col + '" stroke-width="1.5"/>');
      o.push('<rect x="' + x(q1) + '" y="' + (cy - 9) + '" width="' + Math.max(2, x(q3) - x(q1)) + '" height="18" fill="' + col + '" fill-opacity=".22" stroke="' + col + '"><title>' +
        esc(s) + ": min " + fmt(vals[0], 3) + ", p25 " + fmt(q1, 3) + ", median " + fmt(q2, 3) + ", p75 " + fmt(q3, 3) + ", max " + fmt(vals[vals.length - 1], 3) + " (" + vals.length + " runs)</title></rect>");
      o.push('<line x1="' + x(q2) + '" x2="' + x(q2) + '" y1="' + (cy - 9) + '" y2="' + (cy + 9) + '" stroke="' + col + '" stroke-width="3"/>');
      vals.forEach(function (v, j) {
        // spread the dots vertically by the golden ratio so equal values stay visible without a pattern
        var jitter = (((j + 1) * 0.6180339887) % 1 - 0.5) * 13;
        o.push('<circle cx="' + x(v).toFixed(1) + '" cy="' + (cy + jitter).toFixed(1) + '" r="2.2" fill="' + col + '" opacity=".75"/>');
      });
    });
    o.push("</svg>");
    return o.join("");
  }

  // ---------------------------------------------------------------- sensitivity

  // The tornado as a table, then per parameter the metric against the parameter's value, the
  // profiles' values and the baseline marked.
  function renderSensitivity(app, s) {
    app.appendChild(el("h1", null, "Sensitivity: " + esc(s.strategy) + ", " + s.machines + (s.machines === 1 ? " machine" : " machines")));
    app.appendChild(el("div", "note", "Metric: " + esc(s.metricLabel) + ". Platform " + esc(s.platform) + ", " + s.seeds + " seeds (" + s.firstSeed + ".." +
      (s.firstSeed + s.seeds - 1) + ") at every point, on " + esc(s.scenarioSource) + ". One parameter at a time; a distribution is scaled (its median moves, its shape stays). Baseline " +
      fmt(s.baseline.metric, 3) + "."));
    var head = '<tr><th class="s">parameter</th><th>low</th><th>high</th><th>effect</th></tr>';
    var body = s.parameters.map(function (p) {
      return '<tr><td class="s">' + esc(p.name) + "</td><td>" + fmt(p.low, 3) + "</td><td>" + fmt(p.high, 3) + "</td><td>" + fmt(p.effect, 3) + "</td></tr>";
    }).join("");
    app.appendChild(el("div", "scroll", '<table class="rows">' + head + body + "</table>"));
    var panels = el("div", "panels");
    s.parameters.forEach(function (p, i) {
      var panel = el("div", "panel chart");
      panel.innerHTML = "<h3>" + esc(p.name) + (p.unit ? " (" + esc(p.unit) + ")" : "") + "</h3>" + sensitivityChart(s, p, PALETTE[i % PALETTE.length]);
      panels.appendChild(panel);
    });
    app.appendChild(panels);
    if (s.notVaried.length) {
      app.appendChild(el("div", "note", "Not varied (equal in every profile): " + s.notVaried.map(esc).join(", ")));
    }
  }

  function sensitivityChart(s, p, col) {
    var W = 480, H = 220, left = 44, right = 14, top = 12, bottom = 56;
    var geometric = p.low > 0 && p.high / p.low >= 10;
    var tx = function (v) { return geometric ? Math.log(Math.max(v, p.low)) : v; };
    var a = tx(p.low), b = tx(p.high);
    var x = function (v) { return left + (W - left - right) * (b > a ? (tx(v) - a) / (b - a) : 0.5); };
    var maxY = s.baseline.metric;
    p.points.forEach(function (q) { maxY = Math.max(maxY, q.metric); });
    var topY = maxY > 0 ? maxY * 1.1 : 1;
    var y = function (v) { return top + (H - top - bottom) * (1 - v / topY); };
    var o = ['<svg viewBox="0 0 ' + W + " " + H + '">'];
    ticks(topY, 4).forEach(function (t) {
      o.push('<line class="grid" x1="' + left + '" x2="' + (W - right) + '" y1="' + y(t) + '" y2="' + y(t) + '"/>');
      o.push('<text class="muted" x="' + (left - 4) + '" y="' + (y(t) + 4) + '" text-anchor="end">' + t + "</text>");
    });
    Object.keys(p.profiles).forEach(function (name, k) {
      var v = p.profiles[name];
      o.push('<line x1="' + x(v) + '" x2="' + x(v) + '" y1="' + top + '" y2="' + (H - bottom) + '" stroke="#999" stroke-dasharray="3,3"><title>' +
        esc(name) + ": " + fmt(v, 3) + "</title></line>");
      o.push('<text class="muted" x="' + x(v) + '" y="' + (H - bottom + 24 + 9 * (k % 4)) + '" text-anchor="middle" font-size="10">' + esc(name) + "</text>");
    });
    o.push('<line x1="' + left + '" x2="' + (W - right) + '" y1="' + y(s.baseline.metric) + '" y2="' + y(s.baseline.metric) + '" stroke="#333" stroke-dasharray="1,2"><title>baseline ' +
      fmt(s.baseline.metric, 3) + "</title></line>");
    var d = "";
    p.points.forEach(function (q, j) { d += (j ? " L" : "M") + x(q.value).toFixed(1) + " " + y(q.metric).toFixed(1); });
    o.push('<path d="' + d + '" fill="none" stroke="' + col + '" stroke-width="2"/>');
    p.points.forEach(function (q) {
      o.push('<circle cx="' + x(q.value).toFixed(1) + '" cy="' + y(q.metric).toFixed(1) + '" r="3" fill="' + col + '"><title>' + fmt(q.value, 3) + ": " + fmt(q.metric, 3) + "</title></circle>");
    });
    o.push('<text class="muted" x="' + left + '" y="' + (H - bottom + 12) + '">' + fmt(p.low, 3) + "</text>");
    o.push('<text class="muted" x="' + (W - right) + '" y="' + (H - bottom + 12) + '" text-anchor="end">' + fmt(p.high, 3) + "</text>");
    o.push("</svg>");
    return o.join("");
  }

  // ---------------------------------------------------------------- main

  var data = JSON.parse(document.getElementById("report-data").textContent);
  var app = document.getElementById("app");
  if (data.kind === "run") {
    renderRun(app, data);
  } else if (data.kind === "compare") {
    renderCompare(app, data.compare);
  } else if (data.kind === "sensitivity") {
    renderSensitivity(app, data.sensitivity);
  } else {
    throw new Error("unknown report kind " + data.kind);
  }
  if (document.body.getAttribute("data-rendered") !== "error") {
    document.body.setAttribute("data-rendered", "ok");
    status.textContent = "rendered";
  }
})();
