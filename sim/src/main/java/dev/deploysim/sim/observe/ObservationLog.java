package dev.deploysim.sim.observe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The append-only log of one run's observations, in the order they happened (virtual time never
 * decreases along it), and the run's trace hash.
 *
 * <p>The trace hash is 64-bit FNV-1a over the UTF-8 bytes of every observation's canonical
 * {@link Observation#line()} followed by a newline: two runs with equal hashes reported the
 * same facts at the same virtual times, and the hash is the same on every JVM.
 */
public final class ObservationLog implements Iterable<Observation> {
    private final List<Observation> entries = new ArrayList<>();
    private final List<Observation> view = Collections.unmodifiableList(entries);
    private final List<Consumer<? super Observation>> listeners = new ArrayList<>(1);
    /** Hashes each line as it is appended, without building it as text. */
    private final Fields hasher = Fields.hasher();
    private long hash = Fields.FNV_OFFSET;
    private long lastAt;

    /**
     * Appends {@code o}.
     *
     * @throws IllegalArgumentException if {@code o} is earlier than the last observation
     */
    public void append(Observation o) {
        Objects.requireNonNull(o, "observation");
        long at = o.atNanos();
        if (at < lastAt && !entries.isEmpty()) {
            throw new IllegalArgumentException("observation at " + at + "ns is earlier than the last one at "
                    + lastAt + "ns: " + o);
        }
        entries.add(o);
        lastAt = at;
        hash = hasher.hashLine(hash, o);
        for (Consumer<? super Observation> l : listeners) {
            l.accept(o);
        }
    }

    /** Calls {@code listener} with every observation appended from now on (for live views; checkers read the log afterwards). */
    public void subscribe(Consumer<? super Observation> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Observation get(int index) {
        return entries.get(index);
    }

    /** Every observation so far, oldest first (a read-only view). */
    public List<Observation> entries() {
        return view;
    }

    @Override
    public Iterator<Observation> iterator() {
        return view.iterator();
    }

    /** The observations of one record type, oldest first. */
    public <T extends Observation> List<T> ofType(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Observation o : entries) {
            if (type.isInstance(o)) {
                out.add(type.cast(o));
            }
        }
        return out;
    }

    /** The time of the last observation, or 0 for an empty log. */
    public long lastAtNanos() {
        return entries.isEmpty() ? 0 : lastAt;
    }

    /** The trace hash of everything appended so far (FNV-1a offset basis for an empty log). */
    public long traceHash() {
        return hash;
    }

    /** {@link #traceHash()} as 16 lower-case hex digits, the form reports print. */
    public String traceHashHex() {
        return String.format("%016x", hash);
    }

    /** Every observation's canonical line, newline-terminated: a readable dump of the run. */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        for (Observation o : entries) {
            sb.append(o.line()).append('\n');
        }
        return sb.toString();
    }
}
