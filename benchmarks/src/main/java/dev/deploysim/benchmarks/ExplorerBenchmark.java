package dev.deploysim.benchmarks;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.Explorer;
import dev.deploysim.sim.fault.ScenarioGen;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.verify.Exploration;
import dev.deploysim.strategies.Strategies;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The explorer end to end, as the property suite runs it: scenarios generated (app, options,
 * fault schedule, timings), run with {@code Runners.standard()} and checked against every promised
 * invariant, per second on one thread; and the cost of shrinking a 20-machine failure.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ExplorerBenchmark -f 1 -wi 2 -i 3 -w 5s -r 5s
 * </pre>
 * {@link #explore} scores scenarios per second (one thread; the suite's strategies are
 * independent, so two cores run two strategies at once). {@link #shrink} scores shrinks per
 * second of a failure found on the first random try.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The forked JVM gets the option the CLI jar's manifest gives: each kernel carries its own processes.
@Fork(jvmArgsPrepend = DeployBenchmark.OPENS)
public class ExplorerBenchmark {

    /** Tries per invocation of {@link #explore}. */
    public static final int TRIES = 200;

    /** Generation, run and check of {@link #TRIES} scenarios for one strategy. */
    @State(Scope.Thread)
    public static class Explore {
        @Param({"rolling", "canary-serving", "bluegreen", "immediate"})
        public String strategy;

        Scenario base;
        Strategy target;
        long seed = 1;

        @Setup
        public void setUp() {
            base = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).defaults();
            target = Strategies.get(strategy);
        }
    }

    /** A failure of {@code immediate} on a 20-machine app, found on try 0 of a fixed seed. */
    @State(Scope.Thread)
    public static class Shrink {
        Scenario base;
        Strategy immediate;
        long seed;

        @Setup
        public void setUp() {
            base = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).defaults();
            immediate = Strategies.get("immediate");
            Explorer<Scenario> gen = Explorer.forAll(ScenarioGen.of(base, immediate).withoutFaults().gen())
                    .edgeCaseTries(0).systemProperties(k -> null);
            for (long s = 1; s < 10_000; s++) {
                if (gen.seed(s).generate(0).value().app().machines() == 20) {
                    seed = s;
                    break;
                }
            }
            if (seed == 0) {
                throw new IllegalStateException("no seed below 10,000 starts with a 20-machine app");
            }
            Exploration.Result r = run();
            System.out.println("\nshrink: seed " + seed + ", from " + r.counterexample().orElseThrow().original().app().machines()
                    + " machines to " + r.counterexample().orElseThrow().machines() + " in " + r.shrinkSteps()
                    + " steps, " + r.shrinkExecutions() + " executions");
        }

        Exploration.Result run() {
            return Exploration.run(base, immediate, Exploration.Settings.of("bench shrink", 1, seed)
                    .withSystemProperties(false).withEdgeCaseTries(0).withFaults(false)
                    .checkingOnly("never-zero-serving"));
        }
    }

    /** Generates, runs and checks {@link #TRIES} scenarios; returns how many passed. */
    @Benchmark
    @OperationsPerInvocation(TRIES)
    public int explore(Explore s) {
        Exploration.Result r = Exploration.run(s.base, s.target,
                Exploration.Settings.of("bench " + s.strategy, TRIES, s.seed++).withSystemProperties(false));
        return r.tries();
    }

    /** Finds (try 0) and shrinks the 20-machine failure. */
    @Benchmark
    public int shrink(Shrink s) {
        return s.run().shrinkExecutions();
    }
}
