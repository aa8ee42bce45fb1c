package dev.deploysim.sim.verify;

import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.FlyctlOptions;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.List;

/**
 * {@code max-concurrent}: flyctl immediate's declared limit, both ways. updateUsingImmediateStrategy
 * (spec 4.1) gives every machine's update to one pool of {@code maxConcurrent} without waits, so in a
 * run whose log has its {@code updateUsingImmediateStrategy} step, the updates in flight at once
 * ({@link UpdatesInFlight}) never exceed {@code maxConcurrent}; and when the deploy succeeded, every
 * machine from before the deploy was updated and the pool started full, so they reached
 * {@code min(machines, maxConcurrent)} at least once.
 */
public final class MaxConcurrent implements Checker {

    @Override
    public String name() {
        return Conditions.MAX_CONCURRENT;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        Object limit = run.scenario().strategy().options().get(FlyctlOptions.MAX_CONCURRENT);
        if (!(limit instanceof Number n) || !UpdatesInFlight.hasStep(f.log, Steps.UPDATE_USING_IMMEDIATE_STRATEGY)) {
            return List.of();
        }
        int max = n.intValue();
        UpdatesInFlight u = UpdatesInFlight.of(f.log, id -> true);
        if (u.peak > max) {
            return List.of(new Violation(name(), u.peakAt, u.peak + " updates in flight at once at " + RunFacts.s(u.peakAt)
                    + ", more than maxConcurrent " + max));
        }
        int required = Math.min(f.seeded.size(), max);
        if (f.outcome.orElse(null) == DeployOutcome.SUCCEEDED && u.peak < required) {
            return List.of(new Violation(name(), f.deployEnd, "the deploy succeeded with at most " + u.peak
                    + " updates in flight at once; " + f.seeded.size() + " machines and maxConcurrent " + max
                    + " start " + required + " together"));
        }
        return List.of();
    }
}
