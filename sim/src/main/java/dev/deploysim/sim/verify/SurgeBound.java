package dev.deploysim.sim.verify;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code surge-bound}: while the deploy runs, no process group has more machines at once than the
 * bound its strategy declares ({@code maxMachinesPerGroup}, e.g. {@code machines + 1}, evaluated
 * over the group as it stood before the deploy and the strategy's options). A machine counts from
 * its launch until the deploy begins to stop or destroy it: as in Kubernetes, a terminating pod no
 * longer counts (a stopped machine the deploy never touched, a cold one, still does). One
 * violation per group, at the first instant over the bound, with the peak. A strategy that
 * declares no bound has nothing to check.
 */
public final class SurgeBound implements Checker {
    private final Function<String, Optional<Strategy>> strategies;

    /** @param strategies looks up the strategy a scenario names, to read its declared bound */
    public SurgeBound(Function<String, Optional<Strategy>> strategies) {
        this.strategies = strategies;
    }

    @Override
    public String name() {
        return Conditions.SURGE_BOUND;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        Optional<Strategy> strategy = strategies.apply(run.scenario().strategy().name());
        if (f.deployStart < 0 || strategy.isEmpty() || Guarantees.surgeBoundExpression(strategy.get()).isEmpty()) {
            return List.of();
        }
        TreeMap<String, Double> bound = new TreeMap<>();
        for (AppSpec.Group g : run.scenario().app().groups()) {
            bound.put(g.name(), Guarantees.surgeBound(strategy.get(), run.scenario(), g));
        }
        String expression = Guarantees.surgeBoundExpression(strategy.get()).orElseThrow().toString();
        TreeMap<String, long[]> over = new TreeMap<>(); // group -> {first at, count then, peak, peak at}
        SortedMap<String, RunFacts.View> views = new TreeMap<>();
        TreeSet<String> terminating = new TreeSet<>(); // machines the deploy has begun to stop or destroy
        List<Observation> all = f.log.entries();
        long windowEnd = f.deployEndOrRunEnd();
        // Counts per group are kept up to date incrementally: only the machine an observation is
        // about can change whether it counts, so each instant costs O(groups), not O(machines).
        TreeMap<String, Integer> live = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            Observation o = all.get(i);
            String id = machineOf(o);
            boolean before = id != null && counted(views, terminating, id);
            RunFacts.apply(views, o);
            if (o instanceof ApiCall c && c.actor().equals(RunFacts.DEPLOY_ACTOR) && c.ok()
                    && (c.operation().equals("stop") || c.operation().equals("destroy"))) {
                terminating.add(c.machineId());
            } else if (o instanceof MachineStateChanged c
                    && (c.to() == MachineState.STARTING || c.to() == MachineState.STARTED)) {
                terminating.remove(c.machineId()); // started again: back in the count
            }
            if (id != null) {
                boolean after = counted(views, terminating, id);
                if (before != after) {
                    live.merge(views.get(id).group, after ? 1 : -1, Integer::sum);
                }
            }
            long t = o.atNanos();
            if ((i + 1 < all.size() && all.get(i + 1).atNanos() == t) || t < f.deployStart || t > windowEnd) {
                continue;
            }
            for (var e : live.entrySet()) {
                double b = bound.getOrDefault(e.getKey(), 0.0);
                if (e.getValue() > b) {
                    long[] x = over.get(e.getKey());
                    if (x == null) {
                        over.put(e.getKey(), new long[] {t, e.getValue(), e.getValue(), t});
                    } else if (e.getValue() > x[2]) {
                        x[2] = e.getValue();
                        x[3] = t;
                    }
                }
            }
        }
        List<Violation> out = new ArrayList<>();
        over.forEach((g, x) -> {
            double b = bound.getOrDefault(g, 0.0);
            out.add(new Violation(name(), x[0], "group " + g + ": " + x[1] + " machines at " + RunFacts.s(x[0])
                    + ", over the bound " + expression + " = " + (b == Math.rint(b) ? String.valueOf((long) b) : String.valueOf(b))
                    + (x[2] > x[1] ? "; peak " + x[2] + " at " + RunFacts.s(x[3]) : "")));
        });
        return out;
    }

    private static boolean counted(SortedMap<String, RunFacts.View> views, TreeSet<String> terminating, String id) {
        RunFacts.View v = views.get(id);
        return v != null && v.live() && !terminating.contains(id);
    }

    /** The machine an observation is about, if it can change a machine's view or termination. */
    private static String machineOf(Observation o) {
        return switch (o) {
            case Observation.MachineLaunched l -> l.machineId();
            case MachineStateChanged c -> c.machineId();
            case Observation.MachineDestroyed d -> d.machineId();
            case Observation.RegistrationChanged r -> r.machineId();
            case Observation.MetadataChanged m -> m.machineId();
            case ApiCall c -> c.machineId();
            default -> null;
        };
    }
}
