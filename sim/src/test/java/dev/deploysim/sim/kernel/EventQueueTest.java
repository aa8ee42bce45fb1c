package dev.deploysim.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kernel's specialised heap against {@link PriorityQueue} as the oracle. */
class EventQueueTest {

    @Test
    void pollsInTheSameOrderAsAPriorityQueueUnderRandomInterleavedAddsAndPolls() {
        SplittableRandom rnd = new SplittableRandom(11);
        EventQueue q = new EventQueue();
        PriorityQueue<Event> oracle = new PriorityQueue<>();
        List<Event> fromQ = new ArrayList<>();
        List<Event> fromOracle = new ArrayList<>();
        long seq = 0;
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            if (oracle.isEmpty() || rnd.nextInt(100) < 55) {
                Event e = new Event(now + rnd.nextInt(1000), seq++, "e", () -> { }, null, 0);
                q.add(e);
                oracle.add(e);
            } else {
                Event a = q.poll();
                Event b = oracle.poll();
                now = b.timeNanos();
                fromQ.add(a);
                fromOracle.add(b);
            }
            assertThat(q.size()).isEqualTo(oracle.size());
        }
        while (!oracle.isEmpty()) {
            fromQ.add(q.poll());
            fromOracle.add(oracle.poll());
        }
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.peek()).isNull();
        assertThat(fromQ).isEqualTo(fromOracle);
    }
}
