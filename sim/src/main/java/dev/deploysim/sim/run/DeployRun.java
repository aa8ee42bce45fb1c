package dev.deploysim.sim.run;

import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.scenario.Scenario;
import java.util.List;
import java.util.Optional;

/**
 * One finished run: its scenario, its observation log (the single source of truth), how the
 * deploy ended, and what the checkers found.
 *
 * @param scenario the fully resolved scenario that produced it
 * @param log every observation, in order
 * @param outcome how the deploy ended; empty if it never ended within the budget
 * @param outcomeDetail the deploy's error message, or empty
 * @param deployStartNanos when the deploy started
 * @param deployEndNanos when it ended, or -1
 * @param endNanos when the run ended
 * @param kernelOutcome why the kernel stopped
 * @param kernelDetail the kernel's report (deadlock report, budget hit, failure)
 * @param metrics derived numbers
 * @param violations invariants that did not hold, earliest first
 * @param traceHash identifies the run: equal for runs with equal logs
 * @param kernelEvents events the kernel fired (what {@code budget.maxEvents} bounds; benchmarks
 *     divide by it), -1 if unknown
 */
public record DeployRun(Scenario scenario, ObservationLog log, Optional<DeployOutcome> outcome, String outcomeDetail,
                        long deployStartNanos, long deployEndNanos, long endNanos, Outcome kernelOutcome,
                        String kernelDetail, RunMetrics metrics, List<Violation> violations, String traceHash,
                        long kernelEvents) {
    public DeployRun {
        violations = List.copyOf(violations);
    }

    /** A run whose kernel event count is unknown (-1): for runs assembled outside a {@link Runner}. */
    public DeployRun(Scenario scenario, ObservationLog log, Optional<DeployOutcome> outcome, String outcomeDetail,
                     long deployStartNanos, long deployEndNanos, long endNanos, Outcome kernelOutcome,
                     String kernelDetail, RunMetrics metrics, List<Violation> violations, String traceHash) {
        this(scenario, log, outcome, outcomeDetail, deployStartNanos, deployEndNanos, endNanos, kernelOutcome,
                kernelDetail, metrics, violations, traceHash, -1);
    }

    /** The deploy's outcome as the JSON output spells it: succeeded, failed, rolled_back or unfinished. */
    public String outcomeName() {
        return outcome.map(o -> o.name().toLowerCase(java.util.Locale.ROOT)).orElse("unfinished");
    }

    /** A copy with {@code found} as its violations. */
    public DeployRun withViolations(List<Violation> found) {
        return new DeployRun(scenario, log, outcome, outcomeDetail, deployStartNanos, deployEndNanos, endNanos,
                kernelOutcome, kernelDetail, metrics, found, traceHash, kernelEvents);
    }
}
