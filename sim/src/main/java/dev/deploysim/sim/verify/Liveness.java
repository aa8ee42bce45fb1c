package dev.deploysim.sim.verify;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.FaultHealed;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.FlyctlOptions;
import java.time.Duration;
import java.util.List;

/**
 * {@code liveness}: once the faults have healed, the deploy ends — succeeded, failed or rolled
 * back — within a bound derived from its timeouts ({@link #boundNanos(Scenario)}); a deploy that
 * never ends (the run's budget ran out first) violates it. "The faults have healed" is the last
 * fault observation before the deploy's end (an injection, or a window's end), or the deploy's
 * start if there was none.
 */
public final class Liveness implements Checker {
    /** Slack per wait on top of the wait-timeouts: smoke checks, API calls and pauses. */
    static final Duration SLACK = Duration.ofSeconds(30);

    @Override
    public String name() {
        return Conditions.LIVENESS;
    }

    /**
     * The bound: {@code (deployRetries + 1) * (machines + groups + 2) * (3 * waitTimeout + 30 s)},
     * as if every machine's waits (start, checks, and one more) ran one after another to their
     * timeouts, plus a phase per group and two for the deploy's own; the options default to
     * flyctl's (no retries, 5 minutes) for a strategy without them. Generous on purpose: it
     * catches a deploy that hangs, not one that is slow.
     */
    public static long boundNanos(Scenario scenario) {
        Object wait = scenario.strategy().options().get(FlyctlOptions.WAIT_TIMEOUT);
        Object retries = scenario.strategy().options().get(FlyctlOptions.DEPLOY_RETRIES);
        long waitNanos = wait instanceof Duration d ? d.toNanos() : FlyctlOptions.DEFAULT_WAIT_TIMEOUT.toNanos();
        long attempts = 1 + (retries instanceof Number n ? Math.max(0, n.longValue()) : 0);
        long phases = scenario.app().machines() + scenario.app().groups().size() + 2L;
        return attempts * phases * (3 * waitNanos + SLACK.toNanos());
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        if (f.deployStart < 0) {
            return List.of();
        }
        long bound = boundNanos(run.scenario());
        if (f.deployEnd < 0) {
            return List.of(new Violation(name(), f.end, "the deploy had not ended when the run stopped at "
                    + RunFacts.s(f.end) + ", " + RunFacts.s(f.end - f.deployStart) + " after it started"));
        }
        long healed = f.deployStart;
        for (Observation o : f.log) {
            if (o.atNanos() > f.deployEnd) {
                break;
            }
            if (o instanceof FaultInjected || o instanceof FaultHealed) {
                healed = Math.max(healed, o.atNanos());
            }
        }
        if (f.deployEnd - healed > bound) {
            return List.of(new Violation(name(), healed + bound, "the deploy ended at " + RunFacts.s(f.deployEnd) + ", "
                    + RunFacts.s(f.deployEnd - healed) + " after the faults healed at " + RunFacts.s(healed)
                    + ", beyond its bound of " + RunFacts.s(bound)));
        }
        return List.of();
    }
}
