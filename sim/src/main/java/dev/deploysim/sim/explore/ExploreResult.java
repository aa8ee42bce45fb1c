package dev.deploysim.sim.explore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one explorer run.
 *
 * @param name the property's name (for reports and replay hints)
 * @param seed the run's seed
 * @param status passed, or why not
 * @param statistics what was generated
 * @param coverage each coverage requirement and whether it was met
 * @param counterexample the failing try, shrunk; empty unless {@link Status#FAILED}
 * @param problem for {@link Status#TOO_MANY_DISCARDS} and {@link Status#COVERAGE_NOT_MET}, what
 *     went wrong in one paragraph; empty otherwise
 * @param stoppedByTimeBudget true if the injected clock ended the tries or the shrinking early
 * @param report the full human-readable report (statistics always; counterexample, replay hint
 *     and artifact lines when failed), as printed to the run's reporter
 */
public record ExploreResult<T>(String name, long seed, Status status, Statistics statistics,
                               List<CoverageCheck> coverage, Optional<Counterexample<T>> counterexample,
                               String problem, boolean stoppedByTimeBudget, String report) {

    /** Whether a run passed, and if not, why. */
    public enum Status {
        /** Every try passed and every checked coverage requirement was met. */
        PASSED,
        /** A try failed; see the counterexample. */
        FAILED,
        /** No try failed, but a label was rarer than its coverage requirement. */
        COVERAGE_NOT_MET,
        /** More tries were discarded than allowed: a filter or assumption rejects too much. */
        TOO_MANY_DISCARDS
    }

    public ExploreResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statistics, "statistics");
        coverage = List.copyOf(coverage);
        Objects.requireNonNull(counterexample, "counterexample");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(report, "report");
        if ((status == Status.FAILED) != counterexample.isPresent()) {
            throw new IllegalArgumentException("a counterexample goes with FAILED and only with FAILED");
        }
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    /**
     * Returns this result if the run passed; otherwise throws an {@link AssertionError} whose
     * message is the {@link #report()} (shrunk value, failure, statistics, replay hint) and whose
     * cause is the shrunk failure's exception, if any. The one-line way to make a property an
     * ordinary JUnit test.
     */
    public ExploreResult<T> assertPassed() {
        if (passed()) {
            return this;
        }
        Throwable cause = counterexample.flatMap(c -> c.failure().cause()).orElse(null);
        throw new AssertionError(report, cause);
    }
}
