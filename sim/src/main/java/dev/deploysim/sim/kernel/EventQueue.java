package dev.deploysim.sim.kernel;

import java.util.Arrays;

/**
 * The kernel's pending events: a 4-ary min-heap on (time, seq). Times live in a {@code long}
 * array beside the events, so sifting compares array slots and dereferences an event only to
 * break a tie on its sequence number; with four children per node the heap is half as deep as
 * a binary one and a node's children share a cache line. This is what keeps the kernel at the
 * speed of a bare {@link java.util.PriorityQueue} loop (see docs/performance.md). Cancelled
 * events stay in the heap until they reach the top.
 */
final class EventQueue {

    private long[] times = new long[64];
    private Event[] events = new Event[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest event, or null. */
    Event peek() {
        return size == 0 ? null : events[0];
    }

    void add(Event e) {
        int i = size;
        if (i == events.length) {
            grow();
        }
        size = i + 1;
        siftUp(i, e.time, e);
    }

    /** Removes and returns the earliest event; the queue must not be empty. */
    Event poll() {
        Event top = events[0];
        int last = --size;
        Event moved = events[last];
        events[last] = null;
        if (last > 0) {
            siftDown(0, times[last], moved, last);
        }
        return top;
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
            es[i] = es[parent];
            i = parent;
        }
        ts[i] = time;
        es[i] = e;
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
            es[i] = es[best];
            i = best;
        }
        ts[i] = time;
        es[i] = e;
    }
}
