package dev.deploysim.sim.verify;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.FlyctlOptions;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code pool-reached}: flyctl rolling's warm pool is used, a lower bound beside
 * {@code max-unavailable}'s upper one. flyctl's updateEntriesGroup (spec 4.2) updates a group's warm
 * set with the first machine alone (the spearhead) and then submits the others to a pool of the
 * max-unavailable pool size P = {@code max(1, mu >= 1 ? floor(mu) : ceil(W * mu))} for W warm
 * machines, which starts P of them at once. So in a deploy that rolled warm sets (its log has
 * {@code updateEntriesGroup} steps) and succeeded, the updates of each group's warm machines in
 * flight at once ({@link UpdatesInFlight}) reach {@code min(P, W - 1)} at least once. Warm = started
 * before the deploy. A deploy that failed, or one on the recovery path, is not judged.
 */
public final class PoolReached implements Checker {

    @Override
    public String name() {
        return Conditions.POOL_REACHED;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        Object mu = run.scenario().strategy().options().get(FlyctlOptions.MAX_UNAVAILABLE);
        if (f.outcome.orElse(null) != DeployOutcome.SUCCEEDED || !(mu instanceof Number n)
                || !UpdatesInFlight.hasStep(f.log, Steps.UPDATE_ENTRIES_GROUP)) {
            return List.of();
        }
        TreeMap<String, TreeSet<String>> warm = new TreeMap<>();
        for (String id : f.seeded) {
            if (f.launches.get(id).state() == MachineState.STARTED) {
                warm.computeIfAbsent(f.groupOf(id), k -> new TreeSet<>()).add(id);
            }
        }
        List<String> problems = new ArrayList<>();
        for (var e : warm.entrySet()) {
            int w = e.getValue().size();
            int pool = MaxUnavailable.poolSize(w, n.doubleValue());
            int required = Math.min(pool, w - 1);
            if (required < 1) {
                continue;
            }
            UpdatesInFlight u = UpdatesInFlight.of(f.log, e.getValue()::contains);
            if (u.peak < required) {
                problems.add("group " + e.getKey() + " had at most " + u.peak + " of its " + w + " warm machines' updates in"
                        + " flight at once; its pool of " + pool + " (maxUnavailable " + mu + ") allows " + required
                        + " after the spearhead");
            }
        }
        if (problems.isEmpty()) {
            return List.of();
        }
        return List.of(new Violation(name(), f.deployEnd, "the deploy succeeded but " + String.join("; ", problems)));
    }
}
