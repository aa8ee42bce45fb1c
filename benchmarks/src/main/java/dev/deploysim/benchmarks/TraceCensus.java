package dev.deploysim.benchmarks;

import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.VersionSelector;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.StrategyChoice;
import dev.deploysim.strategies.Strategies;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Prints one line per run (trace hash, log length, outcome, metrics) for 720 fixed runs: the five
 * flyctl strategies at 1, 2, 3, 5, 8, 13 and 20 machines and seeds 1 to 12, then 300 runs under
 * random fault schedules (API errors and timeouts, crashes, propagation spikes, held leases,
 * hangs, unreachable hosts, exhausted capacity, aborts) drawn from fixed seeds.
 *
 * <p>A tool for performance work, not a test: run it on the build before a change and on the
 * build after, and diff the two outputs; an optimisation that keeps runs identical leaves them
 * byte-identical (the issue-7 optimisations did). Takes a few seconds.
 *
 * <pre>
 * java -cp before.jar dev.deploysim.benchmarks.TraceCensus &gt; before.txt
 * java -cp benchmarks/target/benchmarks.jar dev.deploysim.benchmarks.TraceCensus &gt; after.txt
 * cmp before.txt after.txt
 * </pre>
 */
public final class TraceCensus {

    private static final String[] STRATEGIES = {"immediate", "rolling", "canary", "canary-serving", "bluegreen"};

    private TraceCensus() {
    }

    public static void main(String[] args) {
        Scenario base = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).defaults();
        Runner plain = Runner.of((faults, world, deploy) -> { }, List.of());
        for (String s : STRATEGIES) {
            for (int n : new int[] {1, 2, 3, 5, 8, 13, 20}) {
                for (long seed = 1; seed <= 12; seed++) {
                    DeployRun r = plain.run(scenario(base, s, n, seed));
                    System.out.println(s + " " + n + " " + seed + " " + r.traceHash() + " " + r.log().size() + " "
                            + r.metrics());
                }
            }
        }
        for (long seed = 1; seed <= 300; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed * 7919);
            String s = STRATEGIES[rnd.nextInt(STRATEGIES.length)];
            int n = 1 + rnd.nextInt(8);
            int faults = rnd.nextInt(5);
            long[] times = new long[faults];
            int[] kinds = new int[faults];
            for (int i = 0; i < faults; i++) {
                times[i] = rnd.nextLong(0, 120_000_000_000L);
                kinds[i] = rnd.nextInt(10);
            }
            Runner chaos = Runner.of((unused, world, deploy) -> {
                for (int i = 0; i < faults; i++) {
                    int kind = kinds[i];
                    world.kernel().schedule(times[i], "census fault", () -> fault(world, deploy, kind));
                }
            }, List.of());
            DeployRun r = chaos.run(scenario(base, s, n, seed));
            System.out.println("chaos " + seed + " " + s + " " + n + " " + r.traceHash() + " " + r.log().size() + " "
                    + r.outcomeName() + " " + r.metrics());
        }
    }

    private static Scenario scenario(Scenario base, String strategy, int machines, long seed) {
        return base.withSeed(seed).withApp(AppSpec.web(machines))
                .withStrategy(new StrategyChoice(strategy, new TreeMap<>()));
    }

    /** Fault {@code kind} now, on a machine chosen by the current time (the runs stay deterministic). */
    private static void fault(World w, dev.deploysim.sim.run.DeployControl deploy, int kind) {
        List<dev.deploysim.model.machines.Machine> live = w.allMachines().stream()
                .filter(m -> !m.state().apiName().equals("destroyed")).toList();
        String id = live.isEmpty() ? "none" : live.get((int) (w.nowNanos() % live.size())).id();
        switch (kind) {
            case 0 -> w.injectApiErrors(0.3, Duration.ofSeconds(30));
            case 1 -> w.crash(VersionSelector.ANY, true);
            case 2 -> w.crash(VersionSelector.NEW, false);
            case 3 -> w.spikePropagation(new Distribution.Uniform(5, 25), Duration.ofSeconds(30));
            case 4 -> w.holdLease(id, "other", Duration.ofSeconds(15));
            case 5 -> w.hang(id, Duration.ofSeconds(10));
            case 6 -> w.setHostStatus(id, HostStatus.UNREACHABLE, Duration.ofSeconds(8));
            case 7 -> w.injectApiTimeouts(0.25, Duration.ofSeconds(3), Duration.ofSeconds(20));
            case 8 -> w.exhaustCapacity("iad", Duration.ofSeconds(20));
            default -> deploy.abort();
        }
    }
}
