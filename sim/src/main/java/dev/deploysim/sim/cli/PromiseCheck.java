package dev.deploysim.sim.cli;

import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import java.util.List;

/**
 * Decides which of a run's violations break a promise its strategy made for its scenario: those
 * decide exit code 1 of {@code run} and {@code replay}. A violation outside a promise's
 * conditions is a documented weakness, reported but not a failure.
 */
@FunctionalInterface
public interface PromiseCheck {

    /** The violations of {@code run} that break a promise, in the run's order. */
    List<Violation> promised(DeployRun run);

    /**
     * Every violation counts as a broken promise: used while no interpreter of the strategies'
     * guarantee conditions is available, so that no violation can pass unnoticed.
     */
    static PromiseCheck everyViolation() {
        return DeployRun::violations;
    }
}
