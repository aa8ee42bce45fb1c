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
 * thread: a warm-up of {@code warmupSeconds}, then {@code rounds} rounds of
 * {@code roundSeconds} each, and prints per round the deploys per wall-second and per
 * CPU-second of the whole process (all its threads: the carrier threads that run the
 * simulation's processes, JIT compilers and GC included, which makes the figure conservative).
 * On an idle machine the two agree.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.deploysim.benchmarks.DeployCpuTime rolling 10 bare 20 5 10
 * # arguments: strategy machines runner warmupSeconds rounds roundSeconds
 * </pre>
 */
public final class DeployCpuTime {

    private DeployCpuTime() {
    }

    public static void main(String[] args) {
        String strategy = args.length > 0 ? args[0] : "rolling";
        int machines = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String runnerName = args.length > 2 ? args[2] : "bare";
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        double roundSeconds = args.length > 5 ? Double.parseDouble(args[5]) : 10;

        Runner runner = DeployBenchmark.runner(runnerName);
        Scenario[] scenarios = DeployBenchmark.scenarios(strategy, machines, DeployBenchmark.SEEDS);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long sink = 0;
        int next = 0;
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < warmEnd) {
            sink += runner.run(scenarios[next]).kernelEvents();
            next = (next + 1) % scenarios.length;
        }
        System.out.printf(Locale.ROOT, "%s, %d machines, runner %s: warm-up %.0f s done%n", strategy, machines,
                runnerName, warmup);
        double[] perCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long deploys = 0;
            long events = 0;
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long end = t0 + (long) (roundSeconds * 1e9);
            while (System.nanoTime() < end) {
                DeployRun run = runner.run(scenarios[next]);
                next = (next + 1) % scenarios.length;
                deploys++;
                events += run.kernelEvents();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            perCpu[r] = deploys / cpu;
            sink += events;
            System.out.printf(Locale.ROOT, "round %d: %d deploys, %.1f deploys/wall-s, %.1f deploys/CPU-s, "
                    + "%.0f events/CPU-s, CPU/wall %.2f%n", r + 1, deploys, deploys / wall, deploys / cpu,
                    events / cpu, cpu / wall);
        }
        java.util.Arrays.sort(perCpu);
        System.out.printf(Locale.ROOT, "median %.1f deploys/CPU-s (sink %d)%n", perCpu[rounds / 2], sink % 10);
    }
}
