package dev.deploysim.sim.report;

import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.RunMetrics;
import dev.deploysim.sim.run.Violation;
import java.util.List;
import java.util.Objects;

/**
 * The reported facts of one finished run without its observation log: what a run's JSON shows
 * and what a comparison aggregates, small enough to keep thousands of.
 *
 * @param strategy the strategy's name
 * @param seed the run's root seed
 * @param machines machines started before the deploy, over every process group (the app's size;
 *     {@code --machines N} on a one-group app makes it N)
 * @param outcome {@code succeeded}, {@code failed}, {@code rolled_back}, or {@code unfinished}
 *     when the budget ran out first
 * @param outcomeDetail the deploy's error message, empty on success
 * @param metrics the run's numbers
 * @param violations every violation the runner's checkers found, earliest first
 * @param promised the subset of {@code violations} that break a promise the strategy made for
 *     this scenario: these decide exit code 1
 * @param checkers how many invariant checkers ran (0 means nothing was checked)
 * @param traceHash the run's trace hash, 16 hex digits
 */
public record RunSummary(String strategy, long seed, int machines, String platform, String outcome, String outcomeDetail,
                         RunMetrics metrics, List<Violation> violations, List<Violation> promised, int checkers,
                         String traceHash) {
    public RunSummary {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(outcomeDetail, "outcomeDetail");
        Objects.requireNonNull(metrics, "metrics");
        violations = List.copyOf(violations);
        promised = List.copyOf(promised);
        Objects.requireNonNull(traceHash, "traceHash");
    }

    /**
     * The summary of {@code run}.
     *
     * @param promised the violations of {@code run} that break a promise (see {@link #promised})
     * @param checkers how many checkers the runner ran
     */
    public static RunSummary of(DeployRun run, List<Violation> promised, int checkers) {
        return new RunSummary(run.scenario().strategy().name(), run.scenario().seed(), startedMachines(run.scenario().app()),
                run.scenario().platform().describe(), run.outcomeName(), run.outcomeDetail(), run.metrics(), run.violations(), promised, checkers,
                run.traceHash());
    }

    /** Machines started before the deploy, over every process group. */
    public static int startedMachines(AppSpec app) {
        int n = 0;
        for (AppSpec.Group g : app.groups()) {
            n += g.started();
        }
        return n;
    }

    public ProbeStats probes() {
        return metrics.probes();
    }

    /** Whether any promised invariant was violated: exit code 1. */
    public boolean brokePromise() {
        return !promised.isEmpty();
    }
}
