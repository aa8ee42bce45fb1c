package dev.deploysim.sim.verify;

import dev.deploysim.sim.observe.Observation.DeployFinished;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.List;

/**
 * {@code succeeds}: the deploy ends {@code succeeded}, within {@link Liveness#boundNanos} of its
 * start. The other invariants judge what a deploy did; this one judges that it did it: a
 * strategy that gives up at once, or whose waits are cut short, keeps every other invariant and
 * breaks this one. Every strategy promises it under conditions it states (no faults, a healthy
 * release, timeouts that cover the platform's start); {@code --check succeeds} asks for it anywhere.
 */
public final class Succeeds implements Checker {
    @Override
    public String name() {
        return Conditions.SUCCEEDS;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        if (f.deployStart < 0) {
            return List.of();
        }
        long bound = Liveness.boundNanos(run.scenario());
        if (f.deployEnd < 0) {
            return List.of(new Violation(name(), f.end, "the deploy had not ended when the run stopped at "
                    + RunFacts.s(f.end)));
        }
        DeployFinished end = run.log().ofType(DeployFinished.class).stream().reduce((a, b) -> b).orElseThrow();
        if (end.outcome() != DeployOutcome.SUCCEEDED) {
            String detail = end.detail().isEmpty() ? "" : " (" + end.detail() + ")";
            return List.of(new Violation(name(), f.deployEnd, "the deploy ended " + end.outcome().name().toLowerCase(
                    java.util.Locale.ROOT).replace('_', ' ') + " at " + RunFacts.s(f.deployEnd) + detail));
        }
        if (f.deployEnd - f.deployStart > bound) {
            return List.of(new Violation(name(), f.deployStart + bound, "the deploy succeeded at " + RunFacts.s(f.deployEnd)
                    + ", " + RunFacts.s(f.deployEnd - f.deployStart) + " after it started, beyond its bound of "
                    + RunFacts.s(bound)));
        }
        return List.of();
    }
}
