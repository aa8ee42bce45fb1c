package dev.deploysim.sim.verify;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.FaultHealed;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.observe.Observation.LeaseChanged;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code lease-discipline}, from the log's {@code ApiCall} and {@code LeaseChanged} records:
 * <ol>
 *   <li>no mutation ({@value #MUTATIONS}) by the deploy succeeds on a machine without the deploy
 *       holding its lease, where the deploy owes one: a machine that existed before the deploy, or
 *       one whose lease the deploy acquired and has not released itself (it lapsed). Machines the
 *       deploy created and holds no lease on (greens, a released canary) are mutated without one by
 *       design, and so is a machine on an unreachable host destroyed by force (spec section 1.5);</li>
 *   <li>every lease the deploy acquires is released by the deploy (or goes with its machine: the
 *       deploy destroyed it, the lease is dropped when the destroy completes) by the time the deploy
 *       ends: none expires, none is still held.</li>
 * </ol>
 * A deploy that never ended is judged on the first rule only (liveness reports it).
 */
public final class LeaseDiscipline implements Checker {
    /** The API operations that change a machine. */
    public static final String MUTATIONS = "update, start, stop, destroy, cordon, uncordon, setMetadata";
    private static final List<String> MUTATING = List.of("update", "start", "stop", "destroy", "cordon", "uncordon",
            "setMetadata");

    @Override
    public String name() {
        return Conditions.LEASE_DISCIPLINE;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        if (f.deployStart < 0) {
            return List.of();
        }
        String actor = RunFacts.DEPLOY_ACTOR;
        TreeMap<String, LeaseChanged> held = new TreeMap<>();   // leases the deploy holds now
        TreeMap<String, LeaseChanged> lapsed = new TreeMap<>(); // leases the deploy lost without releasing them
        TreeSet<String> unreachable = new TreeSet<>();
        List<Violation> out = new ArrayList<>();
        for (Observation o : f.log) {
            switch (o) {
                case FaultInjected i when i.fault().equals("host-unreachable") -> unreachable.add(i.target());
                case FaultHealed h when h.fault().equals("host-unreachable") -> unreachable.remove(h.target());
                case LeaseChanged l when l.owner().equals(actor) -> {
                    switch (l.change()) {
                        case ACQUIRED -> {
                            held.put(l.machineId(), l);
                            lapsed.remove(l.machineId());
                        }
                        case REFRESHED -> { }
                        case RELEASED, DROPPED -> held.remove(l.machineId());
                        case EXPIRED -> {
                            LeaseChanged acquired = held.remove(l.machineId());
                            lapsed.put(l.machineId(), l);
                            if (f.deployEnd < 0 || l.atNanos() <= f.deployEnd) {
                                out.add(new Violation(name(), l.atNanos(), "the deploy's lease on " + l.machineId()
                                        + (acquired == null ? "" : ", acquired at " + RunFacts.s(acquired.atNanos()))
                                        + ", expired at " + RunFacts.s(l.atNanos()) + " instead of being released"));
                            }
                        }
                    }
                }
                case ApiCall c when c.actor().equals(actor) && c.ok() && MUTATING.contains(c.operation())
                        && !c.leaseHolder().equals(actor) -> {
                    String id = c.machineId();
                    boolean owed = f.isSeeded(id) || lapsed.containsKey(id);
                    boolean forcedOnUnreachable = c.operation().equals("destroy") && unreachable.contains(id);
                    if (owed && !forcedOnUnreachable) {
                        out.add(new Violation(name(), c.startedAtNanos(), c.operation() + " of " + id + " at "
                                + RunFacts.s(c.startedAtNanos()) + " succeeded without the deploy holding its lease ("
                                + (c.leaseHolder().isEmpty() ? "nobody held it" : "held by " + c.leaseHolder())
                                + (lapsed.containsKey(id) ? "; the deploy's lease lapsed at "
                                + RunFacts.s(lapsed.get(id).atNanos()) : "") + ")"));
                    }
                }
                default -> { }
            }
        }
        if (f.deployEnd >= 0) {
            // leases still held when the deploy ended; one on a machine the deploy destroyed goes with it
            TreeMap<String, LeaseChanged> atEnd = new TreeMap<>();
            for (LeaseChanged l : f.log.ofType(LeaseChanged.class)) {
                if (l.atNanos() > f.deployEnd || !l.owner().equals(actor)) {
                    continue;
                }
                switch (l.change()) {
                    case ACQUIRED -> atEnd.put(l.machineId(), l);
                    case RELEASED, DROPPED, EXPIRED -> atEnd.remove(l.machineId());
                    case REFRESHED -> { }
                }
            }
            for (ApiCall c : f.deployCalls("destroy")) {
                if (c.atNanos() <= f.deployEnd) {
                    atEnd.remove(c.machineId());
                }
            }
            atEnd.forEach((id, l) -> out.add(new Violation(name(), f.deployEnd, "the deploy's lease on " + id
                    + ", acquired at " + RunFacts.s(l.atNanos()) + ", was still held when the deploy ended at "
                    + RunFacts.s(f.deployEnd))));
        }
        out.sort(java.util.Comparator.comparingLong(Violation::atNanos));
        return out;
    }
}
