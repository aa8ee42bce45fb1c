package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.kernel.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run is a function of its seed: the randomized workload of 10,000 processes produces the
 * same kernel trace on every run with one seed, different traces across seeds, and the same
 * traces when many kernels run side by side on platform threads.
 */
class DeterminismTest {

    private static final int PROCESSES = 10_000;

    @Test
    void tenThousandProcessWorkloadRepeatsItsTraceForOneSeedAndDiffersAcrossSeeds() {
        RandomWorkload.Result a = RandomWorkload.run(1, PROCESSES);
        RandomWorkload.Result again = RandomWorkload.run(1, PROCESSES);
        RandomWorkload.Result b = RandomWorkload.run(2, PROCESSES);

        for (RandomWorkload.Result r : List.of(a, again, b)) {
            // Nothing deadlocked and no failure was lost: the workload awaits everything it starts.
            assertThat(r.run().outcome()).as(r.run().detail()).isEqualTo(Outcome.QUIESCENT);
            assertThat(r.started()).isEqualTo(PROCESSES);
            assertThat(r.liveAfterShutdown()).isZero();
            // The workload met the risky cases, many times over.
            assertThat(r.failures()).as("failures").isGreaterThan(200);
            assertThat(r.cancellations()).as("cancellations").isGreaterThan(200);
            assertThat(r.deadlines()).as("deadlines").isGreaterThan(200);
            assertThat(r.run().eventsExecuted()).isGreaterThan(2L * PROCESSES);
            System.out.println("workload: " + r);
        }
        assertThat(again.traceHash()).isEqualTo(a.traceHash());
        assertThat(again.outcomeHash()).isEqualTo(a.outcomeHash());
        assertThat(again.run()).isEqualTo(a.run());
        assertThat(b.traceHash()).isNotEqualTo(a.traceHash());
        assertThat(b.outcomeHash()).isNotEqualTo(a.outcomeHash());
    }

    @Test
    void kernelsSideBySideOnPlatformThreadsGiveTheSequentialTraces() throws InterruptedException {
        int kernels = 6;
        int processes = 2_000;
        long[] sequential = new long[kernels];
        for (int i = 0; i < kernels; i++) {
            sequential[i] = RandomWorkload.run(100 + i, processes).traceHash();
        }
        long[] parallel = new long[kernels];
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < kernels; i++) {
            int n = i;
            Thread t = Thread.ofPlatform().name("kernel-" + n).unstarted(() -> {
                RandomWorkload.Result r = RandomWorkload.run(100 + n, processes);
                assertThat(r.run().outcome()).isEqualTo(Outcome.QUIESCENT);
                parallel[n] = r.traceHash();
            });
            t.setUncaughtExceptionHandler((th, e) -> {
                synchronized (errors) {
                    errors.add(e);
                }
            });
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(parallel).containsExactly(sequential);
        assertThat(java.util.Arrays.stream(sequential).distinct().count()).isEqualTo(kernels);
    }
}
