package dev.deploysim.sim.verify;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.FlyctlOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code max-unavailable}: while the deploy runs, in every process group no more than the pool
 * size of its warm machines are unavailable. Counted on machine state as flyctl and Kubernetes
 * define it: unavailable = warm machines before the deploy minus machines of the group now in
 * state {@code started} (a canary or a replacement that is started counts as available, as a
 * surge pod does). The pool size is flyctl's rule over the group's warm count {@code W} and the
 * strategy's {@code maxUnavailable} option {@code mu}: {@code max(1, mu >= 1 ? floor(mu) : ceil(W * mu))}.
 *
 * <p>Beside it the violation reports how many of the warm machines the proxy could not use at
 * that instant (not routable in its view, or not answering): propagation lag makes the two counts
 * differ, and only the state count is the invariant. One violation per group, at the first
 * instant the pool size is exceeded, with the peak.
 *
 * <p>A strategy with its own arithmetic (Kubernetes rounds down, ECS counts a healthy minimum)
 * declares it as {@code maxUnavailablePerGroup is <expression>} in its max-unavailable promise,
 * and that bound replaces flyctl's rule. A strategy with neither has no pool to check.
 */
public final class MaxUnavailable implements Checker {
    private final Function<String, Optional<Strategy>> strategies;

    /** @param strategies looks up the strategy a scenario names, to read a declared bound */
    public MaxUnavailable(Function<String, Optional<Strategy>> strategies) {
        this.strategies = strategies;
    }

    @Override
    public String name() {
        return Conditions.MAX_UNAVAILABLE;
    }

    /** flyctl's getPoolSize, at least 1, for {@code warm} machines and max-unavailable {@code mu}. */
    public static int poolSize(int warm, double mu) {
        int pool = mu >= 1 ? (int) mu : (int) Math.ceil(warm * mu);
        return Math.max(1, pool);
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        Optional<Strategy> strategy = strategies.apply(run.scenario().strategy().name());
        boolean declared = strategy.isPresent() && Guarantees.unavailableBoundExpression(strategy.get()).isPresent();
        Object mu = run.scenario().strategy().options().get(FlyctlOptions.MAX_UNAVAILABLE);
        if (f.deployStart < 0 || (!declared && !(mu instanceof Number))) {
            return List.of();
        }
        TreeMap<String, Integer> warm = new TreeMap<>();
        for (String id : f.seeded) {
            if (f.launches.get(id).state() == MachineState.STARTED) {
                warm.merge(f.groupOf(id), 1, Integer::sum);
            }
        }
        TreeMap<String, Integer> pool = new TreeMap<>();
        for (var e : warm.entrySet()) {
            Optional<AppSpec.Group> group = run.scenario().app().group(e.getKey());
            pool.put(e.getKey(), declared && group.isPresent()
                    ? (int) Math.floor(Guarantees.unavailableBound(strategy.get(), run.scenario(), group.get()))
                    : poolSize(e.getValue(), ((Number) mu).doubleValue()));
        }
        String rule = declared ? "the declared " + Guarantees.unavailableBoundExpression(strategy.get()).orElseThrow()
                : "maxUnavailable " + mu;
        TreeMap<String, Exceeded> exceeded = new TreeMap<>();
        SortedMap<String, RunFacts.View> views = new TreeMap<>();
        TreeSet<String> routable = new TreeSet<>();
        TreeSet<String> ready = new TreeSet<>();
        long windowEnd = f.deployEndOrRunEnd();
        List<Observation> all = f.log.entries();
        // Counts per group are kept up to date incrementally: only the machine an observation is
        // about can change whether it is started or usable, so each instant costs O(groups), not
        // O(machines) (a recount at every instant made a 2,000-machine run take 25 s here).
        TreeMap<String, Integer> started = new TreeMap<>();
        TreeMap<String, Integer> usable = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            Observation o = all.get(i);
            String id = machineOf(o);
            boolean startedBefore = id != null && started(views, id);
            boolean usableBefore = id != null && usable(views, routable, ready, id);
            RunFacts.apply(views, o);
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
            if (id != null) {
                boolean startedAfter = started(views, id);
                boolean usableAfter = usable(views, routable, ready, id);
                if (startedBefore != startedAfter) {
                    started.merge(views.get(id).group, startedAfter ? 1 : -1, Integer::sum);
                }
                if (usableBefore != usableAfter) {
                    usable.merge(views.get(id).group, usableAfter ? 1 : -1, Integer::sum);
                }
            }
            long t = o.atNanos();
            boolean lastAtThisInstant = i + 1 == all.size() || all.get(i + 1).atNanos() != t;
            if (!lastAtThisInstant || t < f.deployStart || t > windowEnd) {
                continue;
            }
            for (var e : warm.entrySet()) {
                String g = e.getKey();
                int down = e.getValue() - started.getOrDefault(g, 0);
                if (down > pool.get(g)) {
                    Exceeded x = exceeded.get(g);
                    if (x == null) {
                        exceeded.put(g, new Exceeded(t, down, Math.max(0, e.getValue() - usable.getOrDefault(g, 0)), down, t));
                    } else if (down > x.peak) {
                        exceeded.put(g, new Exceeded(x.at, x.down, x.proxyDown, down, t));
                    }
                }
            }
        }
        List<Violation> out = new ArrayList<>();
        exceeded.forEach((g, x) -> out.add(new Violation(name(), x.at, "group " + g + ": " + x.down + " of " + warm.get(g)
                + " warm machines not started at " + RunFacts.s(x.at) + ", more than the pool size " + pool.get(g)
                + " (" + rule + "); the proxy could not use " + x.proxyDown + " of them then"
                + (x.peak > x.down ? "; peak " + x.peak + " at " + RunFacts.s(x.peakAt) : ""))));
        return out;
    }

    private static boolean started(SortedMap<String, RunFacts.View> views, String id) {
        RunFacts.View v = views.get(id);
        return v != null && v.state == MachineState.STARTED && !v.destroyed;
    }

    private static boolean usable(SortedMap<String, RunFacts.View> views, TreeSet<String> routable, TreeSet<String> ready,
                                  String id) {
        return views.containsKey(id) && routable.contains(id) && ready.contains(id);
    }

    /** The machine an observation is about, if it can change whether that machine is started or usable. */
    private static String machineOf(Observation o) {
        return switch (o) {
            case Observation.MachineLaunched l -> l.machineId();
            case Observation.MachineStateChanged c -> c.machineId();
            case MachineDestroyed d -> d.machineId();
            case ProxyViewChanged p -> p.machineId();
            case AppReadyChanged r -> r.machineId();
            default -> null;
        };
    }

    private record Exceeded(long at, int down, int proxyDown, int peak, long peakAt) {
    }
}
