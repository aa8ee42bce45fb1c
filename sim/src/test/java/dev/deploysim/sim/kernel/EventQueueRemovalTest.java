package dev.deploysim.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Cancelling removes an event from the heap at once; {@link PriorityQueue} with remove is the oracle. */
class EventQueueRemovalTest {

    @Test
    void cancelledEventsLeaveAtOnceAndTheRestPollInPriorityQueueOrder() {
        checkAgainstPriorityQueue(13, 50);
    }

    @Test
    void eventsDueAtTheCurrentInstantKeepPriorityQueueOrderThroughTheLane() {
        // Delays of 0..2: about a third of the adds are due at the instant just polled and take
        // the queue's FIFO lane, interleaved with heap events of the same and later instants.
        checkAgainstPriorityQueue(17, 3);
        checkAgainstPriorityQueue(19, 1);
    }

    private static void checkAgainstPriorityQueue(long seed, int spread) {
        SplittableRandom rnd = new SplittableRandom(seed);
        EventQueue q = new EventQueue();
        PriorityQueue<Event> oracle = new PriorityQueue<>();
        List<Event> queued = new ArrayList<>();
        long seq = 0;
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            int dice = rnd.nextInt(100);
            if (oracle.isEmpty() || dice < 45) {
                Event e = new Event(now + rnd.nextInt(spread), seq++, "e", () -> { }, null, 0);
                q.add(e);
                oracle.add(e);
                queued.add(e);
            } else if (dice < 70) {
                Event victim = queued.get(rnd.nextInt(queued.size()));
                victim.cancel();
                oracle.remove(victim);
                victim.cancel(); // twice, and after it left: no-op
            } else {
                Event a = q.poll();
                Event b = oracle.poll();
                assertThat(a).isSameAs(b);
                now = b.timeNanos();
                a.cancel(); // after it left the queue: no-op
            }
            assertThat(q.size()).isEqualTo(oracle.size());
            if (queued.size() > 1000) {
                queued.removeIf(e -> e.queue == null);
            }
        }
        while (!oracle.isEmpty()) {
            assertThat(q.poll()).isSameAs(oracle.poll());
        }
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void aCancelledEventNeverFiresAndLeavesTheKernelsQueue() {
        Kernel k = new Kernel();
        List<String> fired = new ArrayList<>();
        Event a = k.schedule(10, "a", () -> fired.add("a"));
        k.schedule(10, "b", () -> fired.add("b"));
        Event c = k.schedule(5, "c", () -> fired.add("c"));
        assertThat(k.pending()).isEqualTo(3);
        a.cancel();
        c.cancel();
        assertThat(k.pending()).isEqualTo(1);
        assertThat(a.isCancelled()).isTrue();
        k.runUntilQuiescent();
        assertThat(fired).containsExactly("b");
    }
}
