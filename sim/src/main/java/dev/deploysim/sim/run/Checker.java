package dev.deploysim.sim.run;

import java.util.List;

/**
 * Checks one invariant over a finished run. Implementations read only the run's observation
 * log and its scenario (never the world), and never steer the run.
 */
public interface Checker {

    /** The invariant's registered name. */
    String name();

    /** The violations found, earliest first; empty if the invariant held. */
    List<Violation> check(DeployRun run);
}
