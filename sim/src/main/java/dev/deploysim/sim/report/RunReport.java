package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.run.RunMetrics;
import dev.deploysim.sim.run.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of one run in its three text forms: the result JSON (fixed field names, the resolved
 * scenario echoed under {@code "scenario"} so the file replays), one CSV row, and a short summary
 * for people.
 *
 * <p>Result JSON fields, in order: {@code strategy, seed, machines, outcome, outcomeDetail,
 * deploySeconds, minServing, zeroServingSeconds, probes {sent, ok, slow, failed,
 * p50LatencySeconds, p99LatencySeconds, maxLatencySeconds}, peakMachines, machineSeconds,
 * violations [{invariant, atSeconds, detail, promised}], checkers, traceHash, scenario}. Seconds are
 * rounded to the millisecond.
 */
public final class RunReport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The CSV header of {@link #csv}. */
    public static final List<String> CSV_COLUMNS = List.of("strategy", "seed", "machines", "outcome", "deploySeconds",
            "minServing", "zeroServingSeconds", "probesSent", "probesOk", "probesSlow", "probesFailed", "peakMachines",
            "machineSeconds", "violations", "promisedViolations", "traceHash");

    private RunReport() {
    }

    /**
     * The result JSON of a run.
     *
     * @param scenario the run's resolved scenario as its canonical tree (the loader's {@code toTree}),
     *     or null to leave it out
     */
    public static ObjectNode json(RunSummary s, JsonNode scenario) {
        ObjectNode o = F.objectNode();
        RunMetrics m = s.metrics();
        o.put("strategy", s.strategy());
        o.put("seed", s.seed());
        o.put("machines", s.machines());
        o.put("platform", s.platform());
        o.put("outcome", s.outcome());
        o.put("outcomeDetail", s.outcomeDetail());
        o.put("deploySeconds", Numbers.ms(m.deploySeconds()));
        o.put("minServing", m.minServing());
        o.put("zeroServingSeconds", Numbers.ms(m.zeroServingSeconds()));
        o.set("probes", probes(m.probes()));
        o.put("peakMachines", m.peakMachines());
        o.put("machineSeconds", Numbers.ms(m.machineSeconds()));
        ArrayNode vs = o.putArray("violations");
        for (Violation v : s.violations()) {
            ObjectNode j = vs.addObject();
            j.put("invariant", v.invariant());
            j.put("atSeconds", Numbers.ms(v.atSeconds()));
            j.put("detail", v.detail());
            j.put("promised", s.promised().contains(v));
        }
        o.put("checkers", s.checkers());
        o.put("traceHash", s.traceHash());
        if (scenario != null) {
            o.set("scenario", scenario);
        }
        return o;
    }

    static ObjectNode probes(ProbeStats p) {
        ObjectNode o = F.objectNode();
        o.put("sent", p.sent());
        o.put("ok", p.ok());
        o.put("slow", p.slow());
        o.put("failed", p.failed());
        o.put("p50LatencySeconds", Numbers.ms(p.p50LatencyNanos() / 1e9));
        o.put("p99LatencySeconds", Numbers.ms(p.p99LatencyNanos() / 1e9));
        o.put("maxLatencySeconds", Numbers.ms(p.maxLatencyNanos() / 1e9));
        return o;
    }

    /** The run as CSV: the header {@link #CSV_COLUMNS} and one row. */
    public static String csv(RunSummary s) {
        RunMetrics m = s.metrics();
        ProbeStats p = m.probes();
        List<Object> row = new ArrayList<>(List.of(s.strategy(), s.seed(), s.machines(), s.outcome(),
                Numbers.ms(m.deploySeconds()), m.minServing(), Numbers.ms(m.zeroServingSeconds()), p.sent(), p.ok(),
                p.slow(), p.failed(), m.peakMachines(), Numbers.ms(m.machineSeconds()), s.violations().size(),
                s.promised().size(), s.traceHash()));
        return Csv.line(CSV_COLUMNS) + Csv.line(row);
    }

    /** A few lines for a terminal: outcome, serving, probes, cost, invariants and the trace hash. */
    public static String text(RunSummary s) {
        RunMetrics m = s.metrics();
        ProbeStats p = m.probes();
        StringBuilder sb = new StringBuilder();
        sb.append(s.strategy()).append(", ").append(s.machines()).append(s.machines() == 1 ? " machine" : " machines")
                .append(", seed ").append(s.seed()).append(", platform ").append(s.platform()).append(": ")
                .append(s.outcome().replace('_', ' '));
        sb.append(s.outcome().equals("unfinished") ? " after " : " in ").append(Numbers.seconds(m.deploySeconds()));
        if (!s.outcomeDetail().isEmpty()) {
            sb.append(" (").append(s.outcomeDetail()).append(')');
        }
        sb.append('\n');
        sb.append("  serving     at least ").append(m.minServing()).append(" from the deploy's start on; ")
                .append(m.zeroServingSeconds() == 0 ? "never zero" : Numbers.seconds(m.zeroServingSeconds()) + " with none serving")
                .append('\n');
        sb.append("  probes      ").append(p.sent()).append(" sent: ").append(p.ok()).append(" ok, ").append(p.slow())
                .append(" slow, ").append(p.failed()).append(" failed (").append(Numbers.fixed(100 * p.failedRate(), 2))
                .append("% failed)\n");
        sb.append("  machines    peak ").append(m.peakMachines()).append(", ").append(Numbers.fixed(m.machineSeconds(), 1))
                .append(" machine-seconds during the deploy\n");
        sb.append("  invariants  ");
        if (s.checkers() == 0) {
            sb.append("not checked: this build has no invariant checkers\n");
        } else if (s.violations().isEmpty()) {
            sb.append(s.checkers()).append(" checked, none violated\n");
        } else {
            sb.append(s.violations().size()).append(" violated (").append(s.promised().size()).append(" promised by ")
                    .append(s.strategy()).append(")\n");
            for (Violation v : s.violations()) {
                sb.append("    ").append(s.promised().contains(v) ? "BROKEN PROMISE " : "").append(v.invariant())
                        .append(" at ").append(Numbers.seconds(v.atSeconds())).append(": ").append(v.detail()).append('\n');
            }
        }
        sb.append("  trace hash  ").append(s.traceHash()).append('\n');
        return sb.toString();
    }
}
