#!/usr/bin/env bash
# The roll-timing study behind docs/roll-timings.md: one `deploysim compare` per platform profile,
# every flyctl strategy (immediate, rolling, canary, canary-serving, bluegreen) at 1, 2, 3, 10 and
# 50 machines, SEEDS seeds each (default 1000: 25,000 deploys per profile).
#
#   benchmarks/roll-timings.sh              # the study as published (about 10 minutes on 2 cores)
#   SEEDS=100 benchmarks/roll-timings.sh    # a tenth of it, to time the machine first
#
# Profiles: "default" is the built-in default scenario; "fast" and "slow" are the scenario files
# benchmarks/profiles/fast-boot-and-propagation.json and slow-pull-heavy-tail.json, which change
# only platform knobs. Each sweep runs under `nice -n 19` (it uses every core; other work on the
# machine keeps priority) and is timed.
#
# Writes, for each profile P:
#   OUT/P/compare.json, compare.csv, report.html   the full report (OUT defaults to target/roll-timings;
#                                                  not committed: the JSON and page hold every run)
#   docs/roll-timings/P.txt                        the table `deploysim compare` printed, verbatim
#   docs/roll-timings/P.csv                        the rows as CSV
#   docs/roll-timings/P-plots.png                  the report page's box plots at 1, 2 and 50 machines
#                                                  (rendered by headless Chromium when it is installed)
# and docs/roll-timings/environment.txt: the commands, wall times, machine, JDK and commit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${SEEDS:-1000}"
machines="1,2,3,10,50"
out="${OUT:-$root/target/roll-timings}"
docs="$root/docs/roll-timings"
mkdir -p "$out" "$docs"

# Build the CLI jar once, outside the timed sweeps (./deploysim rebuilds it only when a source changed).
"$root/deploysim" --version >/dev/null
# shellcheck source=../build/find-jdk
. "$root/build/find-jdk"
deploysim_find_jdk
java="$JAVA_HOME/bin/java"
jar="$root/sim/target/deploysim.jar"

profiles=(
  "default|"
  "fast|benchmarks/profiles/fast-boot-and-propagation.json"
  "slow|benchmarks/profiles/slow-pull-heavy-tail.json"
)

env_file="$docs/environment.txt"
{
  echo "roll-timing study: benchmarks/roll-timings.sh, SEEDS=$seeds"
  echo "commit:  $(cd "$root" && git rev-parse HEAD)$(cd "$root" && git diff --quiet HEAD -- sim model strategies pom.xml benchmarks/profiles || echo ' (with uncommitted changes)')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
  echo "jdk:     $("$java" -version 2>&1 | head -n1)"
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
} >"$env_file"

for entry in "${profiles[@]}"; do
  name="${entry%%|*}"
  scenario="${entry#*|}"
  args=(compare)
  if [ -n "$scenario" ]; then
    args+=("$scenario")
  fi
  args+=(--machines "$machines" --seeds "$seeds" --out "$out/$name")
  echo "roll-timings: $name: deploysim ${args[*]}" >&2
  start=$(date +%s.%N)
  (cd "$root" && nice -n 19 "$java" -jar "$jar" "${args[@]}") >"$out/$name.txt"
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  # The table without the "report written to" line, whose path depends on OUT.
  sed '/^report written to /d' "$out/$name.txt" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$docs/$name.txt"
  cp "$out/$name/compare.csv" "$docs/$name.csv"
  printf '%-8s %7s s wall  ./deploysim %s\n' "$name" "$wall" "${args[*]}" | sed "s|$out|OUT|" >>"$env_file"
  echo "roll-timings: $name: ${wall} s" >&2
done

# The box plots of the report page, without its header and table: a copy of the page with one
# style added (the page itself is what `compare --out` wrote), rendered by headless Chromium.
chromium_bin="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -n "$chromium_bin" ]; then
  for entry in "${profiles[@]}"; do
    name="${entry%%|*}"
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
echo "roll-timings: done; tables in $docs, reports in $out" >&2
