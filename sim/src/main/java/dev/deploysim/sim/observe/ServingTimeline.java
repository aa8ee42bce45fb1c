package dev.deploysim.sim.observe;

import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How many machines served traffic over a run, derived from the observation log alone.
 *
 * <p><b>Definition.</b> {@code serving(t)} is the number of machines that, at virtual time
 * {@code t}, the proxy believes routable (its last {@link ProxyViewChanged} says so) <em>and</em>
 * that can actually answer (their last {@link AppReadyChanged} says ready). A machine the proxy
 * still routes to after it stopped (a stale route) is not serving; neither is a ready machine the
 * proxy has not learnt about yet. {@code routable(t)} counts the first condition alone.
 *
 * <p>Values are right-continuous: at a time where observations change the count, the value is
 * the one after all observations at that instant, so a machine replaced within one instant never
 * shows as a gap. Before the first observation both counts are 0.
 */
public final class ServingTimeline {

    /**
     * The counts from {@code atNanos} until the next step.
     *
     * @param serving machines routable in the proxy's view and able to answer
     * @param routable machines routable in the proxy's view
     * @param servingMachines the serving machines' IDs, sorted
     */
    public record Step(long atNanos, int serving, int routable, List<String> servingMachines) {
        public Step {
            servingMachines = List.copyOf(servingMachines);
        }
    }

    /**
     * The counts alone from {@code atNanos} until the next step: what {@link Step} says without
     * the set of serving machines, so that reading every step costs O(steps), not O(steps · n).
     */
    public record Count(long atNanos, int serving, int routable) {
    }

    /** The half-open interval {@code [startNanos, endNanos)}. */
    public record Interval(long startNanos, long endNanos) {
        public long lengthNanos() {
            return endNanos - startNanos;
        }
    }

    /** Step {@code i} starts at {@code times[i]} with {@code serving[i]} and {@code routable[i]} machines. */
    private final long[] times;
    private final int[] serving;
    private final int[] routable;
    private final int size;
    /**
     * How the set of serving machines changed at each step: step {@code i}'s changes are
     * {@code deltaIds[deltaStart[i] .. deltaStart[i + 1])}, each joining (true) or leaving.
     * Sets are rebuilt from these on demand, so a run of n machines and s steps costs O(s + changes)
     * memory instead of O(s * n) (docs/performance.md).
     */
    private final int[] deltaStart;
    private final String[] deltaIds;
    private final boolean[] deltaJoined;
    private final long endNanos;
    private List<Step> stepList;

    private ServingTimeline(Builder b) {
        this.times = Arrays.copyOf(b.times, b.size);
        this.serving = Arrays.copyOf(b.serving, b.size);
        this.routable = Arrays.copyOf(b.routable, b.size);
        this.size = b.size;
        this.deltaStart = Arrays.copyOf(b.deltaStart, b.size + 1);
        this.deltaStart[b.size] = b.deltas;
        this.deltaIds = Arrays.copyOf(b.deltaIds, b.deltas);
        this.deltaJoined = Arrays.copyOf(b.deltaJoined, b.deltas);
        this.endNanos = b.last;
    }

    /** Replays {@code observations} (in log order) into a timeline. */
    public static ServingTimeline of(Iterable<Observation> observations) {
        Objects.requireNonNull(observations, "observations");
        Builder b = new Builder();
        boolean any = false;
        for (Observation o : observations) {
            if (any && o.atNanos() != b.last) {
                b.step();
            }
            any = true;
            b.last = o.atNanos();
            switch (o) {
                case ProxyViewChanged p -> b.machine(p.machineId()).setRoutable(b, p.routable());
                case AppReadyChanged r -> b.machine(r.machineId()).setReady(b, r.ready());
                case MachineDestroyed d -> {
                    MachineFlags m = b.machines.get(d.machineId());
                    if (m != null) {
                        m.setReady(b, false);
                    }
                }
                default -> { }
            }
        }
        if (any) {
            b.step();
        }
        return new ServingTimeline(b);
    }

    /** One machine's flags during the replay. */
    private static final class MachineFlags {
        final String id;
        boolean routable;
        boolean ready;
        /** Whether it served at the last step recorded. */
        boolean servedAtStep;
        /** Whether it is in the builder's list of machines touched since that step. */
        boolean touched;

        MachineFlags(String id) {
            this.id = id;
        }

        boolean serving() {
            return routable && ready;
        }

        void setRoutable(Builder b, boolean value) {
            if (routable == value) {
                return;
            }
            boolean was = serving();
            routable = value;
            b.routableCount += value ? 1 : -1;
            b.changed(this, was);
        }

        void setReady(Builder b, boolean value) {
            if (ready == value) {
                return;
            }
            boolean was = serving();
            ready = value;
            b.changed(this, was);
        }
    }

    /** The replay's state: current counts and flags, and the steps recorded so far. */
    private static final class Builder {
        final TreeMap<String, MachineFlags> machines = new TreeMap<>();
        final List<MachineFlags> touched = new ArrayList<>();
        int routableCount;
        int servingCount;
        long last;
        long[] times = new long[16];
        int[] serving = new int[16];
        int[] routable = new int[16];
        int[] deltaStart = new int[17];
        int size;
        String[] deltaIds = new String[16];
        boolean[] deltaJoined = new boolean[16];
        int deltas;

        MachineFlags machine(String id) {
            MachineFlags m = machines.get(id);
            if (m == null) {
                m = new MachineFlags(id);
                machines.put(id, m);
            }
            return m;
        }

        void changed(MachineFlags m, boolean wasServing) {
            boolean now = m.serving();
            if (now != wasServing) {
                servingCount += now ? 1 : -1;
                if (!m.touched) {
                    m.touched = true;
                    touched.add(m);
                }
            }
        }

        /**
         * Ends the instant {@link #last}: records a step if the routable count or the set of
         * serving machines differs from the last step (the first step: if anything is routable
         * or serving).
         */
        void step() {
            int mark = deltas;
            for (MachineFlags m : touched) {
                m.touched = false;
                boolean now = m.serving();
                if (now != m.servedAtStep) {
                    addDelta(m.id, now);
                }
            }
            touched.clear();
            boolean setChanged = deltas != mark;
            boolean record = size == 0 ? routableCount != 0 || servingCount != 0
                    : routable[size - 1] != routableCount || setChanged;
            if (!record) {
                return; // no delta was added either (an unchanged set has none)
            }
            for (int i = mark; i < deltas; i++) {
                machines.get(deltaIds[i]).servedAtStep = deltaJoined[i];
            }
            if (size == times.length) {
                int n = size * 2;
                times = Arrays.copyOf(times, n);
                serving = Arrays.copyOf(serving, n);
                routable = Arrays.copyOf(routable, n);
                deltaStart = Arrays.copyOf(deltaStart, n + 1);
            }
            times[size] = last;
            serving[size] = servingCount;
            routable[size] = routableCount;
            deltaStart[size] = mark;
            size++;
        }

        void addDelta(String id, boolean joined) {
            if (deltas == deltaIds.length) {
                deltaIds = Arrays.copyOf(deltaIds, deltas * 2);
                deltaJoined = Arrays.copyOf(deltaJoined, deltas * 2);
            }
            deltaIds[deltas] = id;
            deltaJoined[deltas] = joined;
            deltas++;
        }
    }

    /** Applies step {@code i}'s changes to {@code set}. */
    private void apply(int i, SortedSet<String> set) {
        for (int d = deltaStart[i]; d < deltaStart[i + 1]; d++) {
            if (deltaJoined[d]) {
                set.add(deltaIds[d]);
            } else {
                set.remove(deltaIds[d]);
            }
        }
    }

    /** The counts of every step, oldest first (the same points as {@link #steps}). */
    public List<Count> counts() {
        List<Count> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Count(times[i], serving[i], routable[i]));
        }
        return out;
    }

    /**
     * The points where a count or the set of serving machines changed, oldest first. Each step
     * carries its set: O(steps · machines) time and memory, so {@link #counts} is what to read
     * when the sets are not needed.
     */
    public synchronized List<Step> steps() {
        if (stepList == null) {
            List<Step> out = new ArrayList<>(size);
            TreeSet<String> set = new TreeSet<>();
            for (int i = 0; i < size; i++) {
                apply(i, set);
                out.add(new Step(times[i], serving[i], routable[i], new ArrayList<>(set)));
            }
            stepList = Collections.unmodifiableList(out);
        }
        return stepList;
    }

    /** The time of the last observation replayed. */
    public long endNanos() {
        return endNanos;
    }

    private int indexAt(long t) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** {@code serving(t)}. */
    public int servingAt(long t) {
        int i = indexAt(t);
        return i < 0 ? 0 : serving[i];
    }

    /** Machines the proxy believes routable at {@code t}, whether or not they can answer. */
    public int routableAt(long t) {
        int i = indexAt(t);
        return i < 0 ? 0 : routable[i];
    }

    /** The IDs of the machines serving at {@code t}, sorted. */
    public List<String> servingMachinesAt(long t) {
        int i = indexAt(t);
        if (i < 0) {
            return List.of();
        }
        TreeSet<String> set = new TreeSet<>();
        for (int k = 0; k <= i; k++) {
            apply(k, set);
        }
        return List.copyOf(set);
    }

    /** The least {@code serving(t)} for t in {@code [fromNanos, toNanos)} (the value at {@code fromNanos} if they are equal). */
    public int minServing(long fromNanos, long toNanos) {
        int min = servingAt(fromNanos);
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < size && times[i] < toNanos; i++) {
            min = Math.min(min, serving[i]);
        }
        return min;
    }

    /** The greatest {@code serving(t)} for t in {@code [fromNanos, toNanos)}. */
    public int maxServing(long fromNanos, long toNanos) {
        int max = servingAt(fromNanos);
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < size && times[i] < toNanos; i++) {
            max = Math.max(max, serving[i]);
        }
        return max;
    }

    /** The maximal intervals within {@code [fromNanos, toNanos)} where {@code serving(t) == 0}, oldest first. */
    public List<Interval> zeroServingIntervals(long fromNanos, long toNanos) {
        List<Interval> out = new ArrayList<>();
        if (toNanos <= fromNanos) {
            return out;
        }
        long zeroSince = servingAt(fromNanos) == 0 ? fromNanos : -1;
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < size && times[i] < toNanos; i++) {
            if (serving[i] == 0 && zeroSince < 0) {
                zeroSince = times[i];
            } else if (serving[i] > 0 && zeroSince >= 0) {
                out.add(new Interval(zeroSince, times[i]));
                zeroSince = -1;
            }
        }
        if (zeroSince >= 0) {
            out.add(new Interval(zeroSince, toNanos));
        }
        return out;
    }

    /** The total length of {@link #zeroServingIntervals}. */
    public long zeroServingNanos(long fromNanos, long toNanos) {
        long total = 0;
        for (Interval i : zeroServingIntervals(fromNanos, toNanos)) {
            total += i.lengthNanos();
        }
        return total;
    }

    /** For each machine that ever served, in ID order: the intervals within {@code [fromNanos, toNanos)} it served. */
    public SortedMap<String, List<Interval>> servingIntervalsByMachine(long fromNanos, long toNanos) {
        TreeMap<String, List<Interval>> out = new TreeMap<>();
        TreeMap<String, Long> since = new TreeMap<>();
        for (String id : servingMachinesAt(fromNanos)) {
            since.put(id, fromNanos);
        }
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < size && times[i] < toNanos; i++) {
            for (int d = deltaStart[i]; d < deltaStart[i + 1]; d++) {
                String id = deltaIds[d];
                if (deltaJoined[d]) {
                    since.putIfAbsent(id, times[i]);
                } else {
                    Long start = since.remove(id);
                    if (start != null) {
                        out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Interval(start, times[i]));
                    }
                }
            }
        }
        for (var e : since.entrySet()) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Interval(e.getValue(), toNanos));
        }
        return out;
    }
}
