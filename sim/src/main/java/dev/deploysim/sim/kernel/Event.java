package dev.deploysim.sim.kernel;

/**
 * A scheduled event and its cancellable handle. Events fire in (time, seq) order; the sequence
 * number comes from the owning kernel's counter, so ties go to whoever scheduled first.
 */
public final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    final String label;
    final Runnable action;
    /** For process wake-ups: the process to resume, and the park it is meant for. */
    final Holder target;
    final long token;
    boolean cancelled;

    Event(long time, long seq, String label, Runnable action, Holder target, long token) {
        this.time = time;
        this.seq = seq;
        this.label = label;
        this.action = action;
        this.target = target;
        this.token = token;
    }

    /** Prevents the event from firing; no-op if it already fired. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** When it fires, in virtual nanoseconds. */
    public long timeNanos() {
        return time;
    }

    public String label() {
        return label;
    }

    @Override
    public int compareTo(Event o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return label + "@" + time + "#" + seq;
    }
}
