package dev.deploysim.benchmarks;

import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.StrategyChoice;
import dev.deploysim.strategies.Strategies;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One complete deploy, end to end: a fresh kernel, world and observation log, the app seeded,
 * the prober at 4 requests/s (default {@code ProbeConfig}), 5 s of warm-up, the strategy's whole
 * deploy on the default platform, 30 s of settling, the metrics derived from the log and, with
 * {@code runner=standard}, every registered invariant checked. Scores are deploys per second.
 *
 * <p>Parameters: {@code strategy} (the flyctl strategies), {@code machines} (started machines of
 * the default one-group web app) and {@code runner}: {@code bare} is a {@link Runner} with no
 * checkers and no faults (pure simulation plus metrics), {@code standard} is
 * {@link Runners#standard()} (what the CLI and property suite run; its checkers are whatever the
 * build registers). Each invocation runs the next of {@link #SEEDS} fixed seeds, so a score is an
 * average over seeds rather than one lucky roll order.
 *
 * <p>The auxiliary counters {@code events} and {@code observations} are kernel events and log
 * entries per second of deploying: divide {@code events} by {@link HoldModelBenchmark}'s
 * {@code baseline} score (events/s of a bare {@link java.util.PriorityQueue} loop) for the
 * simulator's overhead ratio. The benchmark never checks a run's result; the test suite does.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * # the target: 10-machine rolling deploys per second, one thread
 * java -jar benchmarks/target/benchmarks.jar DeployBenchmark -p strategy=rolling -p machines=10 \
 *     -p runner=bare,standard -f 1 -wi 3 -i 5 -w 2s -r 2s
 * # the whole matrix (takes a while: 32 combinations)
 * java -jar benchmarks/target/benchmarks.jar DeployBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s
 * # allocation per deploy, and where the time goes
 * java -jar benchmarks/target/benchmarks.jar DeployBenchmark -p strategy=rolling -p machines=10 -p runner=bare \
 *     -f 1 -wi 3 -i 5 -prof gc
 * java -jar benchmarks/target/benchmarks.jar DeployBenchmark -p strategy=rolling -p machines=10 -p runner=bare \
 *     -f 1 -wi 3 -i 5 -prof stack:lines=3;top=30
 * # both cores, one independent deploy per thread
 * java -jar benchmarks/target/benchmarks.jar DeployBenchmark -p strategy=rolling -p machines=10 -p runner=bare \
 *     -t 2 -f 1 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
// The forked JVM gets the option the CLI jar's manifest gives: each kernel carries its own processes.
@Fork(jvmArgsPrepend = DeployBenchmark.OPENS)
public class DeployBenchmark {

    /** The JVM option that lets each kernel carry its own process threads ({@code sim.kernel.Carrier}). */
    public static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    /** Seeds cycled through, one per invocation. */
    public static final int SEEDS = 16;

    @Param({"rolling", "canary-serving", "bluegreen", "immediate"})
    String strategy;

    @Param({"1", "10", "100", "1000"})
    int machines;

    @Param({"bare", "standard"})
    String runner;

    private Runner deployRunner;
    private Scenario[] scenarios;
    private int next;

    /** Kernel events and observations per second of deploying, reported next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long events;
        public long observations;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
            observations = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        deployRunner = runner(runner);
        scenarios = scenarios(strategy, machines, SEEDS);
        next = 0;
    }

    /** The runner a {@code runner} parameter names. */
    static Runner runner(String name) {
        return switch (name) {
            case "bare" -> Runner.of((faults, world, deploy) -> { }, List.of());
            case "standard" -> Runners.standard();
            default -> throw new IllegalArgumentException("unknown runner " + name);
        };
    }

    /** The default scenario with {@code strategy} on {@code machines} started machines, seeds 1..count. */
    static Scenario[] scenarios(String strategy, int machines, int count) {
        Scenario base = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).defaults()
                .withApp(AppSpec.web(machines))
                .withStrategy(new StrategyChoice(strategy, new TreeMap<>()));
        Scenario[] out = new Scenario[count];
        for (int i = 0; i < count; i++) {
            out[i] = base.withSeed(i + 1);
        }
        return out;
    }

    @Benchmark
    public DeployRun deploy(Counters counters) {
        Scenario s = scenarios[next];
        next = next + 1 == scenarios.length ? 0 : next + 1;
        DeployRun run = deployRunner.run(s);
        counters.events += run.kernelEvents();
        counters.observations += run.log().size();
        return run;
    }
}
