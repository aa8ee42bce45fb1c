package dev.deploysim.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link ExplorerBenchmark#explore}'s work (generate, run with {@code Runners.standard()} and check
 * {@value ExplorerBenchmark#TRIES} scenarios) measured in scenarios per CPU-second of the whole
 * process: the explorer's "per core" where a loaded machine makes JMH's wall-clock scores
 * measure the CPU share the benchmark got rather than its cost.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.deploysim.benchmarks.ExplorerCpuTime rolling 4 7
 * # arguments: strategy warmupRounds rounds; one round = 200 tries
 * </pre>
 */
public final class ExplorerCpuTime {

    private ExplorerCpuTime() {
    }

    public static void main(String[] args) {
        String strategy = args.length > 0 ? args[0] : "rolling";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExplorerBenchmark bench = new ExplorerBenchmark();
        ExplorerBenchmark.Explore state = new ExplorerBenchmark.Explore();
        state.strategy = strategy;
        state.setUp();
        double[] perCpu = new double[rounds];
        double cpuPerWall = 0;
        for (int r = -warmup; r < rounds; r++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int tries = bench.explore(state);
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - t0) / 1e9;
            if (r >= 0) {
                perCpu[r] = tries / cpu;
                cpuPerWall += cpu / wall / rounds;
            }
        }
        double[] sorted = perCpu.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s, %s: median %.0f scenarios/CPU-s, rounds %s, mean CPU/wall %.2f%n", strategy,
                DeployCpuTime.carrier(), sorted[rounds / 2],
                Arrays.toString(Arrays.stream(perCpu).mapToLong(Math::round).toArray()), cpuPerWall);
    }
}
