package dev.deploysim.benchmarks;

import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.random.RandomStream;
import dev.deploysim.sim.random.Streams;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The classic hold model: K entities, each of which, when it fires, draws an exponential(1)
 * delay and reschedules itself. The queue stays at K entries, so the cost per event is one
 * removal, one insertion and one draw: the kernel's raw speed. Scores are events per second.
 *
 * <ul>
 *   <li>{@link #kernel} with {@code style=event}: each entity is a plain kernel event that
 *       reschedules itself.</li>
 *   <li>{@link #kernel} with {@code style=process}: each entity is a process looping
 *       {@code sleep}, so almost every event is a hand-off between two virtual threads.</li>
 *   <li>{@link #baseline}: the same model on a bare {@link PriorityQueue} with the same
 *       (time, sequence) order and the same draws, with none of the kernel's bookkeeping.</li>
 * </ul>
 *
 * <p>The model advances across invocations (a steady state, not a restart); every invocation
 * fires {@link #EVENTS} events. How to run (after
 * {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HoldModel -f 1 -wi 2 -i 3 -w 2s -r 2s
 * # process style on the JDK's shared scheduler (the fallback without --add-opens):
 * java -jar benchmarks/target/benchmarks.jar HoldModel.kernel -p style=process \
 *     -jvmArgsPrepend -Dno.opens=1 -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 * On a loaded machine JMH's wall-clock scores mostly measure the CPU share the benchmark got;
 * {@link HoldModelCpuTime} gives the same models per CPU-second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The forked JVM gets the option the CLI jar's manifest gives: each kernel carries its own processes.
@Fork(jvmArgsPrepend = DeployBenchmark.OPENS)
public class HoldModelBenchmark {

    /** Events fired per benchmark invocation. */
    public static final int EVENTS = 1_000_000;

    private static final long SEED = 20260101L;
    private static final Distribution HOLD = new Distribution.Exponential(1.0);

    /** The hold model on the simulation kernel, as events or as processes. */
    @State(Scope.Thread)
    public static class KernelModel {
        @Param({"10", "1000", "100000"})
        int entities;

        @Param({"event", "process"})
        String style;

        Kernel kernel;
        Processes processes;
        RandomStream stream;

        @Setup(Level.Trial)
        public void setUp() {
            kernel = new Kernel();
            stream = new Streams(SEED).get("hold");
            switch (style) {
                case "event" -> {
                    for (int i = 0; i < entities; i++) {
                        new Entity(kernel, stream, "entity-" + i).fire();
                    }
                }
                case "process" -> {
                    processes = new Processes(kernel);
                    for (int i = 0; i < entities; i++) {
                        processes.spawn("entity-" + i, () -> {
                            Processes ps = processes;
                            RandomStream s = stream;
                            while (true) {
                                ps.sleepNanos(HOLD.sampleNanos(s));
                            }
                        });
                    }
                    // Start every process (one event each) so that measurement sees only holds.
                    RunResult started = kernel.run(Long.MAX_VALUE, entities);
                    check(started);
                }
                default -> throw new IllegalArgumentException("unknown style " + style);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (processes != null) {
                processes.shutdown();
            }
        }
    }

    /** An entity of the event style: an action that reschedules itself. */
    static final class Entity implements Runnable {
        private final Kernel kernel;
        private final RandomStream stream;
        private final String label;

        Entity(Kernel kernel, RandomStream stream, String label) {
            this.kernel = kernel;
            this.stream = stream;
            this.label = label;
        }

        void fire() {
            kernel.scheduleAfterNanos(HOLD.sampleNanos(stream), label, this);
        }

        @Override
        public void run() {
            fire();
        }
    }

    /** The hold model on a bare priority queue: the baseline the kernel is measured against. */
    @State(Scope.Thread)
    public static class BareModel {
        @Param({"10", "1000", "100000"})
        int entities;

        PriorityQueue<Entry> queue;
        RandomStream stream;
        long now;
        long seq;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new PriorityQueue<>(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
            stream = new Streams(SEED).get("hold");
            for (int i = 0; i < entities; i++) {
                queue.add(new Entry(HOLD.sampleNanos(stream), seq++, i));
            }
        }
    }

    /** A queued firing of the baseline. */
    record Entry(long time, long seq, int entity) {
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long kernel(KernelModel m) {
        RunResult r = m.kernel.run(Long.MAX_VALUE, EVENTS);
        check(r);
        return m.kernel.traceHash();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long baseline(BareModel m) {
        PriorityQueue<Entry> queue = m.queue;
        RandomStream stream = m.stream;
        long now = m.now;
        long seq = m.seq;
        long hash = 0;
        for (int i = 0; i < EVENTS; i++) {
            Entry e = queue.poll();
            now = e.time();
            hash = hash * 31 + e.entity();
            queue.add(new Entry(now + HOLD.sampleNanos(stream), seq++, e.entity()));
        }
        m.now = now;
        m.seq = seq;
        return hash;
    }

    private static void check(RunResult r) {
        if (r.outcome() != Outcome.EVENT_BUDGET_EXHAUSTED) {
            throw new IllegalStateException("hold model stopped early: " + r.detail());
        }
    }
}
