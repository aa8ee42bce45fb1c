package dev.deploysim.sim.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A run is a function of its seed: same seed, same log and trace hash; other seeds, other runs. */
class DeterminismTest {

    @Test
    void theSameSeedGivesTheSameTraceHashAndLog() {
        for (long seed : new long[] {3, 17, 42}) {
            RandomApiWorkload a = new RandomApiWorkload(seed).run(40);
            RandomApiWorkload b = new RandomApiWorkload(seed).run(40);
            assertThat(a.log.size()).isGreaterThan(100);
            assertThat(b.log.traceHash()).as("seed " + seed).isEqualTo(a.log.traceHash());
            assertThat(b.log.dump()).isEqualTo(a.log.dump());
            assertThat(b.kernel.traceHash()).isEqualTo(a.kernel.traceHash());
        }
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        TreeSet<Long> hashes = new TreeSet<>();
        for (long seed = 100; seed < 110; seed++) {
            hashes.add(new RandomApiWorkload(seed).run(10).log.traceHash());
        }
        assertThat(hashes).hasSize(10);
    }

    @Test
    void twoWorldsRunConcurrentlyOnTwoThreadsStayIndependent() throws Exception {
        long expected = new RandomApiWorkload(7).run(30).log.traceHash();
        long[] got = new long[2];
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            threads[i] = Thread.ofPlatform().unstarted(() -> got[k] = new RandomApiWorkload(7).run(30).log.traceHash());
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(got).containsExactly(expected, expected);
    }
}
