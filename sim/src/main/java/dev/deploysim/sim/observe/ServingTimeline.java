package dev.deploysim.sim.observe;

import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import java.util.ArrayList;
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

    /** The half-open interval {@code [startNanos, endNanos)}. */
    public record Interval(long startNanos, long endNanos) {
        public long lengthNanos() {
            return endNanos - startNanos;
        }
    }

    private final List<Step> steps;
    private final long endNanos;

    private ServingTimeline(List<Step> steps, long endNanos) {
        this.steps = Collections.unmodifiableList(steps);
        this.endNanos = endNanos;
    }

    /** Replays {@code observations} (in log order) into a timeline. */
    public static ServingTimeline of(Iterable<Observation> observations) {
        Objects.requireNonNull(observations, "observations");
        TreeSet<String> routable = new TreeSet<>();
        TreeSet<String> ready = new TreeSet<>();
        List<Step> steps = new ArrayList<>();
        long last = 0;
        boolean any = false;
        for (Observation o : observations) {
            if (any && o.atNanos() != last) {
                addStep(steps, last, routable, ready);
            }
            any = true;
            last = o.atNanos();
            switch (o) {
                case ProxyViewChanged p -> {
                    if (p.routable()) {
                        routable.add(p.machineId());
                    } else {
                        routable.remove(p.machineId());
                    }
                }
                case AppReadyChanged r -> {
                    if (r.ready()) {
                        ready.add(r.machineId());
                    } else {
                        ready.remove(r.machineId());
                    }
                }
                case MachineDestroyed d -> ready.remove(d.machineId());
                default -> { }
            }
        }
        if (any) {
            addStep(steps, last, routable, ready);
        }
        return new ServingTimeline(steps, last);
    }

    private static void addStep(List<Step> steps, long at, SortedSet<String> routable, SortedSet<String> ready) {
        List<String> serving = new ArrayList<>();
        for (String id : routable) {
            if (ready.contains(id)) {
                serving.add(id);
            }
        }
        Step prev = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (prev != null && prev.routable() == routable.size() && prev.servingMachines().equals(serving)) {
            return;
        }
        if (prev == null && routable.isEmpty() && serving.isEmpty()) {
            return;
        }
        steps.add(new Step(at, serving.size(), routable.size(), serving));
    }

    /** The points where a count or the set of serving machines changed, oldest first. */
    public List<Step> steps() {
        return steps;
    }

    /** The time of the last observation replayed. */
    public long endNanos() {
        return endNanos;
    }

    private int indexAt(long t) {
        int lo = 0;
        int hi = steps.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (steps.get(mid).atNanos() <= t) {
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
        return i < 0 ? 0 : steps.get(i).serving();
    }

    /** Machines the proxy believes routable at {@code t}, whether or not they can answer. */
    public int routableAt(long t) {
        int i = indexAt(t);
        return i < 0 ? 0 : steps.get(i).routable();
    }

    /** The IDs of the machines serving at {@code t}, sorted. */
    public List<String> servingMachinesAt(long t) {
        int i = indexAt(t);
        return i < 0 ? List.of() : steps.get(i).servingMachines();
    }

    /** The least {@code serving(t)} for t in {@code [fromNanos, toNanos)} (the value at {@code fromNanos} if they are equal). */
    public int minServing(long fromNanos, long toNanos) {
        int min = servingAt(fromNanos);
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < steps.size() && steps.get(i).atNanos() < toNanos; i++) {
            min = Math.min(min, steps.get(i).serving());
        }
        return min;
    }

    /** The greatest {@code serving(t)} for t in {@code [fromNanos, toNanos)}. */
    public int maxServing(long fromNanos, long toNanos) {
        int max = servingAt(fromNanos);
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < steps.size() && steps.get(i).atNanos() < toNanos; i++) {
            max = Math.max(max, steps.get(i).serving());
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
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < steps.size() && steps.get(i).atNanos() < toNanos; i++) {
            Step s = steps.get(i);
            if (s.serving() == 0 && zeroSince < 0) {
                zeroSince = s.atNanos();
            } else if (s.serving() > 0 && zeroSince >= 0) {
                out.add(new Interval(zeroSince, s.atNanos()));
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
        for (int i = Math.max(0, indexAt(fromNanos) + 1); i < steps.size() && steps.get(i).atNanos() < toNanos; i++) {
            Step s = steps.get(i);
            for (String id : new ArrayList<>(since.keySet())) {
                if (!s.servingMachines().contains(id)) {
                    out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Interval(since.remove(id), s.atNanos()));
                }
            }
            for (String id : s.servingMachines()) {
                since.putIfAbsent(id, s.atNanos());
            }
        }
        for (var e : since.entrySet()) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Interval(e.getValue(), toNanos));
        }
        return out;
    }
}
