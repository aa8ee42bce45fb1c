package dev.deploysim.benchmarks;

import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Budget;
import dev.deploysim.sim.scenario.Scenario;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One very large deploy in one JVM, to show it fits in a small heap: by default a 10,000-machine
 * {@code rolling} deploy on the default platform with probes at 4/s. Prints the virtual time,
 * kernel events, observations, wall time and two heap figures: the largest heap in use right
 * after a garbage collection (the live set the run needed, the figure to hold against
 * {@code -Xmx}), the sum of the heap pools' peaks (garbage included: an upper bound) and the
 * heap the finished run retains (after a full collection, with the run still referenced).
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
        AtomicLong liveAfterGc = new AtomicLong();
        AtomicLong collections = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                    used += u.getUsed();
                }
                liveAfterGc.accumulateAndGet(used, Math::max);
                collections.incrementAndGet();
            }, null, null);
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
        // What the finished run keeps alive (its log above all), measured with the run still referenced.
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "deploy          %s, %d machines, runner %s, seed %d%n", strategy, machines,
                runnerName, seed);
        System.out.printf(Locale.ROOT, "outcome         %s (kernel %s)%n", run.outcomeName(), run.kernelOutcome());
        System.out.printf(Locale.ROOT, "virtual time    %.1f s (deploy %.1f s)%n", run.endNanos() / 1e9,
                run.metrics().deploySeconds());
        System.out.printf(Locale.ROOT, "kernel events   %d%n", run.kernelEvents());
        System.out.printf(Locale.ROOT, "observations    %d%n", run.log().size());
        System.out.printf(Locale.ROOT, "wall time       %.2f s (%.0f events/s)%n", wall / 1e9,
                run.kernelEvents() / (wall / 1e9));
        System.out.printf(Locale.ROOT, "heap after GC   %.0f MiB at most, over %d collections (max heap %.0f MiB)%n",
                liveAfterGc.get() / 1048576.0, collections.get(), rt.maxMemory() / 1048576.0);
        System.out.printf(Locale.ROOT, "heap pool peaks %.0f MiB (garbage included)%n", peak / 1048576.0);
        System.out.printf(Locale.ROOT, "retained by run %.0f MiB (after a full GC, the run still referenced)%n",
                retained / 1048576.0);
        System.out.printf(Locale.ROOT, "trace hash      %s%n", run.traceHash());
        java.lang.ref.Reference.reachabilityFence(run);
    }
}
