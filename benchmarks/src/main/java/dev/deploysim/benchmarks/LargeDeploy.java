package dev.deploysim.benchmarks;

import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Budget;
import dev.deploysim.sim.scenario.Scenario;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * One very large deploy in one JVM, to show it fits in a small heap: by default a 10,000-machine
 * {@code rolling} deploy on the default platform with probes at 4/s. Prints the virtual time,
 * kernel events, observations, wall time and the peak heap use (the sum of the heap pools' peak
 * usage, which includes garbage not yet collected: an upper bound on what the run needed).
 *
 * <p>Not a JMH benchmark: one run is the measurement (a 10,000-machine deploy takes seconds to
 * minutes). The scenario's budget is raised to a simulated week and a billion events so that
 * the budget, not the simulator, never ends the run early.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.deploysim.benchmarks.LargeDeploy
 * # other sizes, strategies, runners and seeds: machines strategy runner seed
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.deploysim.benchmarks.LargeDeploy 1000 bluegreen standard 2
 * </pre>
 */
public final class LargeDeploy {

    private LargeDeploy() {
    }

    public static void main(String[] args) {
        int machines = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String strategy = args.length > 1 ? args[1] : "rolling";
        String runnerName = args.length > 2 ? args[2] : "bare";
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;

        Scenario scenario = DeployBenchmark.scenarios(strategy, machines, 1)[0].withSeed(seed)
                .withBudget(new Budget(7 * 24 * 3600.0, 1_000_000_000L));
        Runner runner = DeployBenchmark.runner(runnerName);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        DeployRun run = runner.run(scenario);
        long wall = System.nanoTime() - t0;

        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "deploy          %s, %d machines, runner %s, seed %d%n", strategy, machines,
                runnerName, seed);
        System.out.printf(Locale.ROOT, "outcome         %s (kernel %s)%n", run.outcomeName(), run.kernelOutcome());
        System.out.printf(Locale.ROOT, "virtual time    %.1f s (deploy %.1f s)%n", run.endNanos() / 1e9,
                run.metrics().deploySeconds());
        System.out.printf(Locale.ROOT, "kernel events   %d%n", run.kernelEvents());
        System.out.printf(Locale.ROOT, "observations    %d%n", run.log().size());
        System.out.printf(Locale.ROOT, "wall time       %.2f s (%.0f events/s)%n", wall / 1e9,
                run.kernelEvents() / (wall / 1e9));
        System.out.printf(Locale.ROOT, "peak heap       %.0f MiB (max heap %.0f MiB)%n", peak / 1048576.0,
                rt.maxMemory() / 1048576.0);
        System.out.printf(Locale.ROOT, "trace hash      %s%n", run.traceHash());
    }
}
