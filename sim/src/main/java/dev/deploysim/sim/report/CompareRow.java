package dev.deploysim.sim.report;

import dev.deploysim.sim.run.RunMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of a comparison: one strategy at one app size over many seeds. Percentiles are
 * nearest-rank (always a value some run had); {@code failedProbeRate} pools every probe of every
 * run; seconds are rounded to the millisecond.
 *
 * @param strategy the strategy
 * @param machines the app size compared (the {@code --machines} value: started machines per group)
 * @param runs how many runs (seeds) the row aggregates
 * @param deploySeconds p50, p95 and p99 of the deploy time
 * @param zeroServingSeconds mean and max of the time with no machine serving
 * @param runsWithZeroServing runs in which serving dropped to zero at least once
 * @param failedProbeRate failed probes over probes sent, over all runs
 * @param minServing the fewest machines serving at any instant of any run
 * @param peakMachines the most machines that existed at once in any run
 * @param machineSecondsMean the mean machine-seconds (cost of surge) per run
 * @param outcomes how many runs ended succeeded, failed, rolled_back and unfinished
 * @param runsWithViolations runs in which any checker reported a violation
 * @param runsWithBrokenPromises runs in which a promised invariant was violated
 * @param firstUnsucceeded the first run (in seed order) that did not succeed, as {@code seed S: outcome
 *     (detail)}; empty when every run succeeded
 */
public record CompareRow(String strategy, int machines, int runs, Percentiles deploySeconds, MeanMax zeroServingSeconds,
                         int runsWithZeroServing, double failedProbeRate, int minServing, int peakMachines,
                         double machineSecondsMean, Outcomes outcomes, int runsWithViolations, int runsWithBrokenPromises,
                         String firstUnsucceeded) {

    /** p50, p95 and p99 of a sample. */
    public record Percentiles(double p50, double p95, double p99) {
    }

    /** Mean and maximum of a sample. */
    public record MeanMax(double mean, double max) {
    }

    /** Runs per outcome. */
    public record Outcomes(int succeeded, int failed, int rolledBack, int unfinished) {
    }

    public CompareRow {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(firstUnsucceeded, "firstUnsucceeded");
    }

    /**
     * Aggregates {@code runs} (all of {@code strategy} at {@code machines}, in seed order).
     *
     * @throws IllegalArgumentException if {@code runs} is empty
     */
    public static CompareRow of(String strategy, int machines, List<RunSummary> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a row needs at least one run");
        }
        List<Double> deploy = new ArrayList<>();
        double zeroSum = 0;
        double zeroMax = 0;
        int zeroRuns = 0;
        long sent = 0;
        long failed = 0;
        int minServing = Integer.MAX_VALUE;
        int peak = 0;
        double machineSeconds = 0;
        int succeeded = 0;
        int failedRuns = 0;
        int rolledBack = 0;
        int unfinished = 0;
        int withViolations = 0;
        int withBroken = 0;
        String firstUnsucceeded = "";
        for (RunSummary r : runs) {
            if (firstUnsucceeded.isEmpty() && !r.outcome().equals("succeeded")) {
                firstUnsucceeded = "seed " + r.seed() + ": " + r.outcome().replace('_', ' ')
                        + (r.outcomeDetail().isEmpty() ? "" : " (" + r.outcomeDetail() + ")");
            }
            RunMetrics m = r.metrics();
            deploy.add(m.deploySeconds());
            zeroSum += m.zeroServingSeconds();
            zeroMax = Math.max(zeroMax, m.zeroServingSeconds());
            if (m.zeroServingSeconds() > 0) {
                zeroRuns++;
            }
            sent += m.probes().sent();
            failed += m.probes().failed();
            minServing = Math.min(minServing, m.minServing());
            peak = Math.max(peak, m.peakMachines());
            machineSeconds += m.machineSeconds();
            switch (r.outcome()) {
                case "succeeded" -> succeeded++;
                case "failed" -> failedRuns++;
                case "rolled_back" -> rolledBack++;
                default -> unfinished++;
            }
            if (!r.violations().isEmpty()) {
                withViolations++;
            }
            if (r.brokePromise()) {
                withBroken++;
            }
        }
        deploy.sort(null);
        int n = runs.size();
        return new CompareRow(strategy, machines, n,
                new Percentiles(Numbers.ms(Numbers.percentile(deploy, 0.50)), Numbers.ms(Numbers.percentile(deploy, 0.95)),
                        Numbers.ms(Numbers.percentile(deploy, 0.99))),
                new MeanMax(Numbers.ms(zeroSum / n), Numbers.ms(zeroMax)), zeroRuns,
                Numbers.rate(sent == 0 ? 0 : (double) failed / sent), minServing, peak, Numbers.ms(machineSeconds / n),
                new Outcomes(succeeded, failedRuns, rolledBack, unfinished), withViolations, withBroken, firstUnsucceeded);
    }
}
