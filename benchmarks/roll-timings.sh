#!/usr/bin/env bash
# The roll-timing study behind docs/roll-timings.md: one `deploysim compare` per platform, every
# flyctl strategy (immediate, rolling, canary, canary-serving, bluegreen) at 1, 2, 3, 10 and 50
# machines, SEEDS seeds each (default 1000: 25,000 deploys per platform).
#
#   benchmarks/roll-timings.sh              # the study at 1,000 seeds
#   SEEDS=200 benchmarks/roll-timings.sh    # a fifth of it, as published on 2026-12-03
#
# Platforms: the profiles "fly" (the calibrated default), "fly-2024" and "adverse" (docs/model.md,
# section 0) on benchmarks/profiles/tcp-check-app.json (the default app with a tcp service check, so
# that bluegreen deploys), and "slow", benchmarks/profiles/slow-pull-heavy-tail.json (fly with a
# large image and a heavy propagation tail). Each sweep runs under `nice -n 19` (it uses every
# core; other work on the machine keeps priority) and is timed.
#
# Writes, for each profile P:
#   OUT/P/compare.json, compare.csv, report.html   the full report (OUT defaults to target/roll-timings;
#                                                  not committed: the JSON and page hold every run)
#   docs/roll-timings/P.txt                        the table `deploysim compare` printed, verbatim
#   docs/roll-timings/P.csv                        the rows as CSV
#   docs/roll-timings/P-plots.png                  the report page's box plots at 1, 2 and 50 machines
#                                                  (rendered by headless Chromium when it is installed)
# and docs/roll-timings/surge.txt (the cost of surge, from the three compare.json files, with jq)
# and docs/roll-timings/environment.txt: the commands, wall times, machine, JDK and commit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${SEEDS:-1000}"
machines="1,2,3,10,50"
out="${OUT:-$root/target/roll-timings}"
docs="$root/docs/roll-timings"
mkdir -p "$out" "$docs"
total_start=$(date +%s.%N)

# Build the CLI jar once, outside the timed sweeps (./deploysim rebuilds it only when a source changed).
"$root/deploysim" --version >/dev/null
# shellcheck source=../build/find-jdk
. "$root/build/find-jdk"
deploysim_find_jdk
java="$JAVA_HOME/bin/java"
jar="$root/sim/target/deploysim.jar"

profiles=(
  "fly|benchmarks/profiles/tcp-check-app.json|fly"
  "fly-2024|benchmarks/profiles/tcp-check-app.json|fly-2024"
  "adverse|benchmarks/profiles/tcp-check-app.json|adverse"
  "slow|benchmarks/profiles/slow-pull-heavy-tail.json|"
)

env_file="$docs/environment.txt"
{
  echo "roll-timing study: benchmarks/roll-timings.sh, SEEDS=$seeds"
  echo "commit:  $(cd "$root" && git rev-parse HEAD)$(cd "$root" && git diff --quiet HEAD -- sim model strategies pom.xml benchmarks/profiles || echo ' (with uncommitted changes)')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
  echo "jdk:     $("$java" -version 2>&1 | head -n2 | paste -sd ';' | sed 's/;/; /')"
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
} >"$env_file"

for entry in "${profiles[@]}"; do
  IFS='|' read -r name scenario profile <<<"$entry"
  args=(compare "$scenario")
  if [ -n "$profile" ]; then
    args+=(--profile "$profile")
  fi
  args+=(--machines "$machines" --seeds "$seeds" --out "$out/$name")
  echo "roll-timings: $name: deploysim ${args[*]}" >&2
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
  start=$(date +%s.%N)
  (cd "$root" && nice -n 19 "$java" -jar "$jar" "${args[@]}") >"$out/$name.txt"
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  # The table without the "report written to" line, whose path depends on OUT.
  sed '/^report written to /d' "$out/$name.txt" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$docs/$name.txt"
  cp "$out/$name/compare.csv" "$docs/$name.csv"
  printf '%-8s %7s s wall (load %s at start)  ./deploysim %s\n' "$name" "$wall" "$load" "${args[*]}" | sed "s|$out|OUT|" >>"$env_file"
  echo "roll-timings: $name: ${wall} s" >&2
done

# The cost of surge: machine-seconds beyond the app's own size, per run
# machineSeconds - machines * deploySeconds (what a strategy adds on top of the machines the app
# has anyway; machine-s in the tables also counts those), averaged over the row's runs, and as a
# share of the app's own machine-seconds over the deploy (sum of machines * deploySeconds).
if command -v jq >/dev/null 2>&1; then
  surge_rows() {
    jq -r 'reduce .runs[] as $r ({}; .[$r.strategy + " " + ($r.machines | tostring)]
             += [[$r.machineSeconds - $r.machines * $r.deploySeconds, $r.machines * $r.deploySeconds]])
           | to_entries[] | (.value | length) as $n
           | "\(.key) \((.value | map(.[0]) | add) / $n) \((.value | map(.[0]) | add) / (.value | map(.[1]) | add))"' "$1"
  }
  {
    echo "Extra machine-seconds per deploy beyond the app's own machines (mean over the runs), and in"
    echo "parentheses as a share of the app's own machine-seconds during the deploy. From the runs of"
    echo "OUT/P/compare.json: machineSeconds - machines * deploySeconds."
    echo
    paste -d' ' <(surge_rows "$out/fly/compare.json") <(surge_rows "$out/fly-2024/compare.json") <(surge_rows "$out/adverse/compare.json") <(surge_rows "$out/slow/compare.json") |
      awk 'function r(x) { return (x < 0.5 && x > -0.5) ? 0 : x }   # no "-0" for a sum of rounding errors
           function p(x) { return (x < 0.05 && x > -0.05) ? 0 : x }
           BEGIN { printf "%-15s %8s  %17s  %17s  %17s  %17s\n", "strategy", "machines", "fly", "fly-2024", "adverse", "slow" }
           { if ($1 != prev && NR > 1) print ""; prev = $1
             printf "%-15s %8d  %8.0f (%5.1f%%)  %8.0f (%5.1f%%)  %8.0f (%5.1f%%)  %8.0f (%5.1f%%)\n", $1, $2, r($3), p(100 * $4), r($7), p(100 * $8), r($11), p(100 * $12), r($15), p(100 * $16) }'
  } >"$docs/surge.txt"
else
  echo "roll-timings: no jq on PATH: docs/roll-timings/surge.txt not written" >&2
fi

# The box plots of the report page, without its header and table: a copy of the page with one
# style added (the page itself is what `compare --out` wrote), rendered by headless Chromium.
chromium_bin="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -n "$chromium_bin" ]; then
  for entry in "${profiles[@]}"; do
    IFS='|' read -r name _ _ <<<"$entry"
    page="$out/$name/plots.html"
    # Keep the plot panels of the 1st, 2nd and 5th sizes (1, 2 and 50 machines).
    sed 's|</head>|<style>#app > :not(.panels), footer { display: none !important; } #app > .panels { display: none; } #app > .panels:nth-child(1 of .panels), #app > .panels:nth-child(2 of .panels), #app > .panels:nth-child(5 of .panels) { display: grid; }</style></head>|' \
      "$out/$name/report.html" >"$page"
    profile_dir="$(mktemp -d)"
    "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --user-data-dir="$profile_dir" --hide-scrollbars \
      --screenshot="$docs/$name-plots.png" --window-size=1260,730 "file://$page" >/dev/null 2>&1
    rm -rf "$profile_dir"
  done
else
  echo "roll-timings: no chromium on PATH: plots not rendered (the report pages are in $out)" >&2
fi
total_end=$(date +%s.%N)
awk -v a="$total_start" -v b="$total_end" 'BEGIN { printf "\ntotal    %7.1f s wall, builds and plots included\n", b - a }' >>"$env_file"
echo "roll-timings: done; tables in $docs, reports in $out" >&2
