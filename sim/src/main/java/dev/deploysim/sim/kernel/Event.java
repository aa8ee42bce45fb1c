package dev.deploysim.sim.kernel;

/**
 * A scheduled event and its cancellable handle. Events fire in (time, seq) order; the sequence
 * number comes from the owning kernel's counter, so ties go to whoever scheduled first.
 */
public final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    /** The label, or its first part when {@link #subject} is set. */
    final String label;
    /** The label's second part (a machine ID, say), appended on demand; null for a one-part label. */
    final String subject;
    final Runnable action;
    /** For process wake-ups: the process to resume, and the park it is meant for. */
    final Holder target;
    final long token;
    boolean cancelled;
    /** The queue holding it and its slot there, while queued (null and -1 otherwise). */
    EventQueue queue;
    int index = -1;

    Event(long time, long seq, String label, Runnable action, Holder target, long token) {
        this(time, seq, label, null, action, target, token);
    }

    Event(long time, long seq, String label, String subject, Runnable action, Holder target, long token) {
        this.time = time;
        this.seq = seq;
        this.label = label;
        this.subject = subject;
        this.action = action;
        this.target = target;
        this.token = token;
    }

    /** Prevents the event from firing; no-op if it already fired. */
    public void cancel() {
        cancelled = true;
        if (queue != null) {
            queue.remove(this);
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** When it fires, in virtual nanoseconds. */
    public long timeNanos() {
        return time;
    }

    /** The label: for a two-part label, its parts joined (built on each call; events fire without it). */
    public String label() {
        return subject == null ? label : label + subject;
    }

    /**
     * {@code label().hashCode()} without building the label: String's hash of a concatenation
     * {@code a + b} is {@code hash(a) * 31^|b| + hash(b)}, and both parts cache their own hash.
     */
    int labelHash() {
        if (subject == null) {
            return label.hashCode();
        }
        int h = label.hashCode();
        for (int i = subject.length(); i > 0; i--) {
            h *= 31;
        }
        return h + subject.hashCode();
    }

    @Override
    public int compareTo(Event o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return label() + "@" + time + "#" + seq;
    }
}
