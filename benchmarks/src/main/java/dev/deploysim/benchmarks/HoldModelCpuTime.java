package dev.deploysim.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link HoldModelBenchmark}'s three models measured in events per CPU-second of the whole
 * process, interleaved round by round: the ratio of the process style to the bare loop that a
 * loaded machine cannot blur the way it blurs JMH's wall-clock scores (a run that waits for a
 * CPU uses no CPU time; an idle carrier spinning on the other core does). CPU/wall is printed
 * too: above 1 means the simulation kept a second core busy.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.deploysim.benchmarks.HoldModelCpuTime 1000 10 5
 * # arguments: entities rounds warmupRounds; one round = 1,000,000 events of each model
 * </pre>
 */
public final class HoldModelCpuTime {

    private HoldModelCpuTime() {
    }

    public static void main(String[] args) {
        int entities = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        HoldModelBenchmark bench = new HoldModelBenchmark();
        HoldModelBenchmark.BareModel bare = new HoldModelBenchmark.BareModel();
        bare.entities = entities;
        bare.setUp();
        HoldModelBenchmark.KernelModel event = new HoldModelBenchmark.KernelModel();
        event.entities = entities;
        event.style = "event";
        event.setUp();
        HoldModelBenchmark.KernelModel process = new HoldModelBenchmark.KernelModel();
        process.entities = entities;
        process.style = "process";
        process.setUp();
        String[] names = {"baseline", "event", "process"};
        double[][] perCpu = new double[3][rounds];
        double[] cpuPerWall = new double[rounds];
        long sink = 0;
        for (int r = -warmup; r < rounds; r++) {
            for (int m = 0; m < 3; m++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                sink += switch (m) {
                    case 0 -> bench.baseline(bare);
                    case 1 -> bench.kernel(event);
                    default -> bench.kernel(process);
                };
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                double wall = (System.nanoTime() - t0) / 1e9;
                if (r >= 0) {
                    perCpu[m][r] = HoldModelBenchmark.EVENTS / cpu;
                    if (m == 2) {
                        cpuPerWall[r] = cpu / wall;
                    }
                }
            }
        }
        process.tearDown();
        System.out.printf(Locale.ROOT, "hold model, %d entities, %d rounds of 1,000,000 events per model, %s%n", entities,
                rounds, DeployCpuTime.carrier());
        double base = median(perCpu[0]);
        for (int m = 0; m < 3; m++) {
            System.out.printf(Locale.ROOT, "%-8s median %,.0f events/CPU-s  (%.2fx baseline)  rounds %s%n", names[m],
                    median(perCpu[m]), median(perCpu[m]) / base, Arrays.toString(round(perCpu[m])));
        }
        System.out.printf(Locale.ROOT, "process CPU/wall median %.2f (sink %d)%n", median(cpuPerWall), sink & 1);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long[] round(double[] xs) {
        long[] out = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = Math.round(xs[i] / 1000);
        }
        return out;
    }
}
