package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.surge.SurgeRollingStrategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every registered strategy at its defaults on the default platform, 1, 3 and 10 machines, over a
 * run of seeds: the measurements behind docs/strategies.md's comparison table, printed as Markdown
 * (target/surefire-reports/...StrategyComparisonTest-output.txt). Seeds: -Ddeploysim.compare.seeds
 * (default 5; the table in the docs used 20). The test asserts only what the strategies promise on
 * this platform: surge-rolling never drops to zero serving.
 */
class StrategyComparisonTest {

    /** One strategy at one size, aggregated over the seeds. */
    record Row(String strategy, int n, int runs, int succeeded, double medianSeconds, int minServing, int runsWithZero,
               double meanZeroSeconds, long failedProbes, long probes, int maxMachines, double meanMachineSeconds) {
    }

    @Test
    void everyStrategyAtOneThreeAndTenMachinesOnTheDefaultPlatform() {
        int seeds = Integer.getInteger("deploysim.compare.seeds", 5);
        List<Row> rows = new ArrayList<>();
        for (String strategy : Strategies.names()) {
            for (int n : List.of(1, 3, 10)) {
                rows.add(measure(strategy, n, seeds));
            }
        }
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "seeds 1..%d, PlatformConfig.defaults(), AppSpec.web(n), every strategy at its defaults%n%n", seeds));
        table.append("| strategy | n | ok | median s | min serving | runs with 0 serving | mean 0-serving s | failed probes | max machines | machine-s |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %d | %d/%d | %.0f | %d | %d | %.1f | %d / %d | %d | %.0f |%n", r.strategy(),
                    r.n(), r.succeeded(), r.runs(), r.medianSeconds(), r.minServing(), r.runsWithZero(), r.meanZeroSeconds(),
                    r.failedProbes(), r.probes(), r.maxMachines(), r.meanMachineSeconds()));
        }
        System.out.println(table);
        for (Row r : rows) {
            if (r.strategy().equals(SurgeRollingStrategy.NAME)) {
                assertThat(r.runsWithZero()).as(r.toString()).isZero();
                assertThat(r.succeeded()).as(r.toString()).isEqualTo(r.runs());
            }
        }
    }

    private static Row measure(String strategy, int n, int seeds) {
        int succeeded = 0;
        int minServing = Integer.MAX_VALUE;
        int withZero = 0;
        double zeroSeconds = 0;
        long failed = 0;
        long probes = 0;
        int maxMachines = 0;
        double machineSeconds = 0;
        List<Double> durations = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            try (WorldRun run = new WorldRun(PlatformConfig.defaults(), AppSpec.web(n), seed).deploy(strategy, Map.of())) {
                if (run.ok()) {
                    succeeded++;
                }
                durations.add((run.endNanos - run.startNanos) / 1e9);
                long end = run.serving().endNanos();
                int min = run.serving().minServing(run.startNanos, end);
                minServing = Math.min(minServing, min);
                long zero = run.serving().zeroServingNanos(run.startNanos, end);
                if (zero > 0) {
                    withZero++;
                }
                zeroSeconds += zero / 1e9;
                var p = run.probes();
                failed += p.failed();
                probes += p.sent();
                Census existing = Census.of(run.log, "app", 1, WorldRun.ACTOR, java.time.Duration.ZERO, List.of());
                maxMachines = Math.max(maxMachines, existing.maxInstances(run.startNanos, run.endNanos));
                machineSeconds += machineSeconds(run) / 1e9;
            }
        }
        Collections.sort(durations);
        double median = durations.get(durations.size() / 2);
        return new Row(strategy, n, seeds, succeeded, median, minServing, withZero, zeroSeconds / seeds, failed, probes,
                maxMachines, machineSeconds / seeds);
    }

    /** The integral over the deploy of the machines that exist (launched, not yet destroyed), in nanoseconds. */
    private static long machineSeconds(WorldRun run) {
        TreeMap<String, long[]> lives = new TreeMap<>();
        for (Observation o : run.log) {
            switch (o) {
                case Observation.MachineLaunched l -> lives.put(l.machineId(), new long[] {l.atNanos(), Long.MAX_VALUE});
                case Observation.MachineDestroyed d -> lives.get(d.machineId())[1] = d.atNanos();
                default -> { }
            }
        }
        long total = 0;
        for (long[] life : lives.values()) {
            long from = Math.max(life[0], run.startNanos);
            long to = Math.min(life[1], run.endNanos);
            if (to > from) {
                total += to - from;
            }
        }
        return total;
    }
}
