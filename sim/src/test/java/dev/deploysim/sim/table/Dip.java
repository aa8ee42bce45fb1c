package dev.deploysim.sim.table;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.observe.ServingTimeline.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A maximal interval {@code [startNanos, endNanos)} of a run in which fewer than
 * {@code threshold} machines served, together with the machines whose leaving opened it and whose
 * joining closed it, each with the observation that explains the change. Everything is read from
 * the observation log (serving as {@link ServingTimeline} defines it), never from the world.
 *
 * <p>A zero-serving window is a dip below 1.
 *
 * @param servingAtStart how many machines served at {@code startNanos}
 * @param opened the machines that stopped serving at {@code startNanos}; empty when the run was
 *     already below the threshold where the analysis began
 * @param pending the machines that at {@code startNanos} answered and were routable in truth, but
 *     whose routability had not reached the proxy yet
 * @param closed the machines that began serving at {@code endNanos}; empty when the dip lasted to
 *     the end of the analysed range
 */
record Dip(long startNanos, long endNanos, int threshold, int servingAtStart, List<Change> opened,
           List<Pending> pending, List<Change> closed) {

    Dip {
        opened = List.copyOf(opened);
        pending = List.copyOf(pending);
        closed = List.copyOf(closed);
    }

    /**
     * A machine whose routability was on its way to the proxy: routable in truth since
     * {@code routableSinceNanos}, learnt by the proxy at {@code learntAtNanos}.
     */
    record Pending(String machineId, long routableSinceNanos, long learntAtNanos) {
    }

    /** Why a machine left or joined the serving set at an instant. */
    enum Kind {
        /** Its app stopped answering: the kill signal of an update, stop or forced destroy (or a crash). */
        KILLED,
        /** The proxy stopped routing to it while it could still answer (a cordon or failed check reached the proxy). */
        UNROUTED,
        /** The proxy learnt that it is routable while its app already answered. */
        PROXY_LEARNED,
        /** Its app began answering while the proxy already routed to it. */
        APP_READY
    }

    /**
     * One machine leaving or joining the serving set.
     *
     * @param truthNanos when the fact behind the change became true in the world: for the proxy's
     *     view, the {@link ProxyViewChanged#changedAtNanos()} (the difference to the change's own
     *     time is the propagation delay); otherwise the change's own time
     * @param stateTo for {@link Kind#KILLED}, the lifecycle state the machine entered at the same
     *     instant ({@code REPLACING} for an in-place update, {@code STOPPING}, {@code DESTROYING}),
     *     or null if none
     */
    record Change(String machineId, Kind kind, long truthNanos, MachineState stateTo) {
    }

    public long lengthNanos() {
        return endNanos - startNanos;
    }

    /** Whether a machine joined the serving set at {@code endNanos} (false if the dip ran to the end of the range). */
    public boolean isClosed() {
        return !closed.isEmpty();
    }

    /**
     * Whether the dip opened only because of the proxy's lag: counting the machines whose
     * routability was still on its way to the proxy, at least {@code threshold} machines could have
     * served at the instant it opened.
     */
    public boolean causedByPropagationLag() {
        return !pending.isEmpty() && servingAtStart + pending.size() >= threshold;
    }

    /** Whether {@code machineId} was answering, routable in truth and not yet known to the proxy when the dip opened. */
    public boolean pendingIncludes(String machineId) {
        return pending.stream().anyMatch(p -> p.machineId().equals(machineId));
    }

    /** The single machine that opened the dip; fails if none or several did. */
    public Change opener() {
        if (opened.size() != 1) {
            throw new IllegalStateException("expected one machine to open " + this + ", found " + opened);
        }
        return opened.get(0);
    }

    /** The single machine that closed the dip; fails if none or several did. */
    public Change closer() {
        if (closed.size() != 1) {
            throw new IllegalStateException("expected one machine to close " + this + ", found " + closed);
        }
        return closed.get(0);
    }

    /** The dips below {@code threshold} within {@code [fromNanos, toNanos)} of {@code log}, oldest first. */
    static List<Dip> below(ObservationLog log, int threshold, long fromNanos, long toNanos) {
        ServingTimeline timeline = ServingTimeline.of(log);
        List<Dip> out = new ArrayList<>();
        long start = timeline.servingAt(fromNanos) < threshold ? fromNanos : -1;
        List<Change> opened = List.of();
        for (Step s : timeline.steps()) {
            if (s.atNanos() <= fromNanos) {
                continue;
            }
            if (s.atNanos() >= toNanos) {
                break;
            }
            boolean low = s.serving() < threshold;
            if (low && start < 0) {
                start = s.atNanos();
                opened = changes(log, timeline, s.atNanos(), false);
            } else if (!low && start >= 0) {
                out.add(new Dip(start, s.atNanos(), threshold, timeline.servingAt(start), opened,
                        pending(log, timeline, start), changes(log, timeline, s.atNanos(), true)));
                start = -1;
                opened = List.of();
            }
        }
        if (start >= 0) {
            out.add(new Dip(start, toNanos, threshold, timeline.servingAt(start), opened, pending(log, timeline, start),
                    List.of()));
        }
        return out;
    }

    /**
     * The machines that at {@code t} answered (their last readiness change says ready), are not
     * serving, and had a change to routable on its way to the proxy: one that became true at or
     * before {@code t} and that the proxy applied after it, with no later change to unroutable
     * that became true by {@code t}. (A change the proxy never applied because a newer one
     * overtook it is not in the log, so it cannot count.)
     */
    private static List<Pending> pending(ObservationLog log, ServingTimeline timeline, long t) {
        TreeSet<String> ready = new TreeSet<>();
        for (int i = 0; i < log.size() && log.get(i).atNanos() <= t; i++) {
            switch (log.get(i)) {
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
        List<String> serving = timeline.servingMachinesAt(t);
        TreeMap<String, Pending> out = new TreeMap<>();
        List<ProxyViewChanged> views = log.ofType(ProxyViewChanged.class);
        for (ProxyViewChanged p : views) {
            String id = p.machineId();
            if (!p.routable() || p.changedAtNanos() > t || p.atNanos() <= t || !ready.contains(id)
                    || serving.contains(id) || out.containsKey(id)) {
                continue;
            }
            boolean revoked = views.stream().anyMatch(q -> q.machineId().equals(id) && !q.routable()
                    && q.changedAtNanos() > p.changedAtNanos() && q.changedAtNanos() <= t);
            if (!revoked) {
                out.put(id, new Pending(id, p.changedAtNanos(), p.atNanos()));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Zero-serving windows: {@link #below} 1. */
    static List<Dip> zeroWindows(ObservationLog log, long fromNanos, long toNanos) {
        return below(log, 1, fromNanos, toNanos);
    }

    /** The machines that joined ({@code joined}) or left the serving set at {@code t}, each explained. */
    private static List<Change> changes(ObservationLog log, ServingTimeline timeline, long t, boolean joined) {
        TreeSet<String> before = new TreeSet<>(timeline.servingMachinesAt(t - 1));
        TreeSet<String> after = new TreeSet<>(timeline.servingMachinesAt(t));
        TreeSet<String> moved = new TreeSet<>(joined ? after : before);
        moved.removeAll(joined ? before : after);
        List<Change> out = new ArrayList<>();
        for (String id : moved) {
            out.add(explain(log, id, t, joined));
        }
        return out;
    }

    private static Change explain(ObservationLog log, String id, long t, boolean joined) {
        ProxyViewChanged view = null;
        AppReadyChanged ready = null;
        MachineStateChanged state = null;
        boolean destroyed = false;
        for (int i = firstIndexAt(log, t); i < log.size() && log.get(i).atNanos() == t; i++) {
            Observation o = log.get(i);
            switch (o) {
                case ProxyViewChanged p when p.machineId().equals(id) && p.routable() == joined -> view = p;
                case AppReadyChanged r when r.machineId().equals(id) && r.ready() == joined -> ready = r;
                case MachineStateChanged c when c.machineId().equals(id) -> state = c;
                case MachineDestroyed d when d.machineId().equals(id) -> destroyed = true;
                default -> { }
            }
        }
        if (joined) {
            // A machine serves once both halves hold; the later of the two facts is the one that
            // made it serve. If both arrived at the same instant, the proxy's learning is the cause.
            if (view != null) {
                return new Change(id, Kind.PROXY_LEARNED, view.changedAtNanos(), null);
            }
            if (ready != null) {
                return new Change(id, Kind.APP_READY, t, null);
            }
        } else {
            if (ready != null || destroyed) {
                return new Change(id, Kind.KILLED, t, state == null ? null : state.to());
            }
            if (view != null) {
                return new Change(id, Kind.UNROUTED, view.changedAtNanos(), null);
            }
        }
        throw new IllegalStateException("no observation explains machine " + id + (joined ? " joining" : " leaving")
                + " the serving set at " + t + "ns");
    }

    /** The index of the first observation at or after {@code t} (the log is ordered by time). */
    static int firstIndexAt(ObservationLog log, long t) {
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(mid).atNanos() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return String.format("[%.3f s, %.3f s) below %d (%d serving) opened by %s, pending %s, closed by %s",
                startNanos / 1e9, endNanos / 1e9, threshold, servingAtStart, opened, pending, closed);
    }
}
