package dev.deploysim.sim.kernel;

import java.util.Arrays;

/**
 * The kernel's pending events: a 4-ary min-heap on (time, seq). Times live in a {@code long}
 * array beside the events, so sifting compares array slots and dereferences an event only to
 * break a tie on its sequence number; with four children per node the heap is half as deep as
 * a binary one and a node's children share a cache line. This is what keeps the kernel at the
 * speed of a bare {@link java.util.PriorityQueue} loop (see docs/performance.md).
 *
 * <p>Each queued event knows its slot, so a cancelled event leaves the heap at once instead of
 * lingering until it reaches the top: a deploy cancels about as many events as it fires (probe
 * timeouts, superseded lease expiries, sleep timers of woken processes), and keeping them out
 * keeps the heap small. Removal never changes the order in which the others come out: that is
 * fixed by (time, seq) alone.
 *
 * <p>Events due at the instant of the last polled event (a process woken "now", a task started
 * now) skip the heap: they go to a FIFO lane. Any such event comes after every heap event of
 * that instant (those were queued earlier, so their sequence numbers are smaller) and lanes up
 * in sequence order by construction, so the lane is sorted and polling the smaller of the two
 * heads keeps (time, seq) order exactly. About a third of a deploy's events are due now.
 */
final class EventQueue {

    /** {@link Event#index} of an event in the lane. */
    private static final int IN_LANE = -2;

    private long[] times = new long[64];
    private Event[] events = new Event[64];
    private int size;

    /** The lane: a ring of events due at {@link #laneTime}, in sequence order; removed ones stay until they reach its head. */
    private Event[] lane = new Event[16];
    private int laneHead;
    private int laneTail;
    private int laneLive;
    private long laneTime = Long.MIN_VALUE;

    int size() {
        return size + laneLive;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The earliest event, or null. */
    Event peek() {
        Event l = laneFirst();
        Event h = size == 0 ? null : events[0];
        if (l == null) {
            return h;
        }
        if (h == null) {
            return l;
        }
        return h.time < l.time || (h.time == l.time && h.seq < l.seq) ? h : l;
    }

    /** The lane's first event still queued, or null; drops removed ones on the way. */
    private Event laneFirst() {
        Event[] ring = lane;
        int mask = ring.length - 1;
        while (laneHead != laneTail) {
            Event e = ring[laneHead];
            if (e.queue == this) {
                return e;
            }
            ring[laneHead] = null;
            laneHead = (laneHead + 1) & mask;
        }
        return null;
    }

    void add(Event e) {
        if (e.time == laneTime && (laneHead == laneTail || lane[(laneTail - 1) & (lane.length - 1)].seq < e.seq)) {
            addToLane(e);
            return;
        }
        int i = size;
        if (i == events.length) {
            grow();
        }
        size = i + 1;
        e.queue = this;
        siftUp(i, e.time, e);
    }

    private void addToLane(Event e) {
        int mask = lane.length - 1;
        if (((laneTail + 1) & mask) == laneHead) {
            growLane();
            mask = lane.length - 1;
        }
        lane[laneTail] = e;
        laneTail = (laneTail + 1) & mask;
        laneLive++;
        e.queue = this;
        e.index = IN_LANE;
    }

    private void growLane() {
        Event[] bigger = new Event[lane.length * 2];
        int n = 0;
        for (int i = laneHead; i != laneTail; i = (i + 1) & (lane.length - 1)) {
            bigger[n++] = lane[i];
        }
        lane = bigger;
        laneHead = 0;
        laneTail = n;
    }

    /** Removes and returns the earliest event; the queue must not be empty. */
    Event poll() {
        Event first = peek();
        laneTime = first.time;
        if (first.index == IN_LANE) {
            lane[laneHead] = null;
            laneHead = (laneHead + 1) & (lane.length - 1);
            laneLive--;
            first.queue = null;
            first.index = -1;
            return first;
        }
        Event top = events[0];
        int last = --size;
        Event moved = events[last];
        events[last] = null;
        if (last > 0) {
            siftDown(0, times[last], moved, last);
        }
        top.queue = null;
        top.index = -1;
        return top;
    }

    /** Removes {@code e}, which must be in this queue. */
    void remove(Event e) {
        int i = e.index;
        if (i == IN_LANE) {
            // It stays in the ring, marked as gone, until it reaches the lane's head.
            e.queue = null;
            e.index = -1;
            laneLive--;
            return;
        }
        int last = --size;
        Event moved = events[last];
        long movedTime = times[last];
        events[last] = null;
        e.queue = null;
        e.index = -1;
        if (i == last) {
            return;
        }
        siftDown(i, movedTime, moved, last);
        if (events[i] == moved) {
            siftUp(i, movedTime, moved);
        }
    }

    private void grow() {
        int n = events.length * 2;
        times = Arrays.copyOf(times, n);
        events = Arrays.copyOf(events, n);
    }

    private void siftUp(int i, long time, Event e) {
        long[] ts = times;
        Event[] es = events;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = ts[parent];
            if (pt < time || (pt == time && es[parent].seq < e.seq)) {
                break;
            }
            ts[i] = pt;
            Event p = es[parent];
            es[i] = p;
            p.index = i;
            i = parent;
        }
        ts[i] = time;
        es[i] = e;
        e.index = i;
    }

    private void siftDown(int i, long time, Event e, int n) {
        long[] ts = times;
        Event[] es = events;
        while (true) {
            int first = (i << 2) + 1;
            if (first >= n) {
                break;
            }
            // The smallest of up to four children.
            int best = first;
            long bt = ts[first];
            int end = Math.min(first + 4, n);
            for (int c = first + 1; c < end; c++) {
                long ct = ts[c];
                if (ct < bt || (ct == bt && es[c].seq < es[best].seq)) {
                    best = c;
                    bt = ct;
                }
            }
            if (time < bt || (time == bt && e.seq < es[best].seq)) {
                break;
            }
            ts[i] = bt;
            Event b = es[best];
            es[i] = b;
            b.index = i;
            i = best;
        }
        ts[i] = time;
        es[i] = e;
        e.index = i;
    }
}
