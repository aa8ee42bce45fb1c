package dev.deploysim.benchmarks;

import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.Budget;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.StrategyChoice;
import dev.deploysim.sim.verify.Invariants;
import dev.deploysim.strategies.Strategies;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Every registered invariant over one recorded run of at least 1,000,000 observations: the cost
 * of checking, apart from the cost of simulating. The run is a {@code rolling} deploy of a large
 * one-group app (fixed seed), recorded once in {@link #setUp()} with no checkers; the measured
 * method runs the checkers over its log. {@link #baseline} only walks the log, the floor any
 * checker pays.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java -Xmx4g -jar benchmarks/target/benchmarks.jar CheckerBenchmark -f 1 -wi 2 -i 3 -w 5s -r 5s
 * </pre>
 * Scores are log passes per second; multiply by the printed log size for observations per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = DeployBenchmark.OPENS, jvmArgsAppend = "-Xmx4g")
public class CheckerBenchmark {

    /** The fewest observations the recorded log must have. */
    public static final int MIN_OBSERVATIONS = 1_000_000;
    private static final long SEED = 20260101L;

    /** Which invariant to run; {@code all} runs every registered one. */
    @Param({"all", "never-zero-serving", "max-unavailable", "lease-discipline", "order"})
    public String invariant;

    private DeployRun run;
    private List<Checker> checkers;

    @Setup
    public void setUp() {
        Scenario base = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).defaults();
        Runner bare = Runner.of((faults, world, deploy) -> { }, List.of());
        int machines = 1000;
        while (true) {
            Scenario s = base.withSeed(SEED).withApp(AppSpec.web(machines))
                    .withStrategy(new StrategyChoice("rolling", new TreeMap<>()))
                    .withBudget(new Budget(200_000, 2_000_000_000L));
            run = bare.run(s);
            if (run.log().size() >= MIN_OBSERVATIONS) {
                break;
            }
            machines *= 2;
        }
        checkers = invariant.equals("all") ? Invariants.all() : List.of(Invariants.get(invariant));
        System.out.println("\nrecorded log: " + run.log().size() + " observations, " + run.scenario().app().machines()
                + " machines, outcome " + run.outcomeName());
    }

    /** Runs the selected invariants over the recorded log; returns the violations found. */
    @Benchmark
    public int check() {
        int found = 0;
        for (Checker c : checkers) {
            List<Violation> v = c.check(run);
            found += v.size();
        }
        return found;
    }

    /** Walks the log once, reading each observation's time: the floor of any checker. */
    @Benchmark
    public long baseline() {
        long sum = 0;
        for (var o : run.log()) {
            sum += o.atNanos();
        }
        return sum;
    }
}
