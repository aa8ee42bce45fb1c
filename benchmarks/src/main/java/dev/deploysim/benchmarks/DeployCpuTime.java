package dev.deploysim.benchmarks;

import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Scenario;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Deploys per CPU-second, the "per core" of the target, measured where JMH's wall-clock
 * scores are unreliable: on a machine that other jobs also load, a single-threaded benchmark's
 * wall time includes the time it waited for a CPU, its CPU time does not.
 *
 * <p>Runs {@link DeployBenchmark}'s scenarios (same seeds, same runner names) back to back on one
 * thread (or on {@code threads} threads, each with its own runs): a warm-up of {@code warmupSeconds}, then {@code rounds} rounds of
 * {@code roundSeconds} each, and prints per round the deploys per wall-second and per
 * CPU-second of the whole process (all its threads: the carrier threads that run the
 * simulation's processes, JIT compilers and GC included, which makes the figure conservative).
 * On an idle machine the two agree.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.deploysim.benchmarks.DeployCpuTime rolling 10 bare 20 5 10
 * # arguments: strategy machines runner warmupSeconds rounds roundSeconds [threads]
 * # (with -cp the jar's manifest does not apply: --add-opens lets each kernel carry its own
 * # processes, as the CLI does; without it they run on the JDK's shared scheduler)
 * # both cores, one independent deploy loop per thread:
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.deploysim.benchmarks.DeployCpuTime rolling 10 bare 20 5 10 2
 * </pre>
 */
public final class DeployCpuTime {

    private DeployCpuTime() {
    }

    public static void main(String[] args) throws InterruptedException {
        String strategy = args.length > 0 ? args[0] : "rolling";
        int machines = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String runnerName = args.length > 2 ? args[2] : "bare";
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        double roundSeconds = args.length > 5 ? Double.parseDouble(args[5]) : 10;
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 1;

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Worker[] workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(DeployBenchmark.runner(runnerName),
                    DeployBenchmark.scenarios(strategy, machines, DeployBenchmark.SEEDS), i);
        }
        run(workers, warmup);
        System.out.printf(Locale.ROOT, "%s, %d machines, runner %s, %d thread(s), %s: warm-up %.0f s done%n", strategy,
                machines, runnerName, threads, carrier(), warmup);
        double[] perCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long[] counts = run(workers, roundSeconds);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            perCpu[r] = counts[0] / cpu;
            System.out.printf(Locale.ROOT, "round %d: %d deploys, %.1f deploys/wall-s, %.1f deploys/CPU-s, "
                    + "%.0f events/CPU-s, CPU/wall %.2f%n", r + 1, counts[0], counts[0] / wall, counts[0] / cpu,
                    counts[1] / cpu, cpu / wall);
        }
        java.util.Arrays.sort(perCpu);
        System.out.printf(Locale.ROOT, "median %.1f deploys/CPU-s%n", perCpu[rounds / 2]);
    }

    /** Which threads carry the simulation's processes in this JVM. */
    static String carrier() {
        return dev.deploysim.sim.kernel.Kernel.ownCarrierAvailable()
                ? "each kernel carries its own processes"
                : "processes on the shared virtual-thread scheduler (no --add-opens java.base/java.lang)";
    }

    /** Runs every worker on its own platform thread for {@code seconds}; returns deploys and events. */
    private static long[] run(Worker[] workers, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] ts = new Thread[workers.length];
        for (int i = 0; i < workers.length; i++) {
            Worker w = workers[i];
            w.deploys = 0;
            w.events = 0;
            ts[i] = new Thread(() -> w.runUntil(end), "deploys-" + i);
            ts[i].start();
        }
        long deploys = 0;
        long events = 0;
        for (int i = 0; i < workers.length; i++) {
            ts[i].join();
            deploys += workers[i].deploys;
            events += workers[i].events;
        }
        return new long[] {deploys, events};
    }

    /** One thread's deploys, cycling through the seeds (each thread starts at a different one). */
    private static final class Worker {
        private final Runner runner;
        private final Scenario[] scenarios;
        private int next;
        long deploys;
        long events;

        Worker(Runner runner, Scenario[] scenarios, int first) {
            this.runner = runner;
            this.scenarios = scenarios;
            this.next = first % scenarios.length;
        }

        void runUntil(long endNanos) {
            while (System.nanoTime() < endNanos) {
                DeployRun run = runner.run(scenarios[next]);
                next = (next + 1) % scenarios.length;
                deploys++;
                events += run.kernelEvents();
            }
        }
    }
}
