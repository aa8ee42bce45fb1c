package dev.deploysim.sim.sensitivity;

import dev.deploysim.sim.report.CompareRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A number read off a compare row: what a sensitivity analysis measures at each point. */
public enum Metric {
    /** The share of runs in which serving dropped to zero at least once (0..1): the default. */
    ZERO_SERVING_RUNS("zero-serving-runs", "share of runs with zero serving"),
    /** The mean time with zero serving, in seconds. */
    ZERO_SERVING_MEAN("zero-serving-mean", "mean seconds with zero serving"),
    /** Failed probes over probes sent, pooled over the runs (0..1). */
    FAILED_PROBES("failed-probes", "share of probes that failed"),
    /** The median deploy time, in seconds. */
    DEPLOY_P50("deploy-p50", "median deploy seconds"),
    /** The fewest machines serving at any instant of any run. */
    MIN_SERVING("min-serving", "fewest machines serving");

    private final String id;
    private final String label;

    Metric(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name {@code --metric} takes. */
    public String id() {
        return id;
    }

    /** What the number is, for headers. */
    public String label() {
        return label;
    }

    /** This metric of {@code row}. */
    public double of(CompareRow row) {
        return switch (this) {
            case ZERO_SERVING_RUNS -> (double) row.runsWithZeroServing() / row.runs();
            case ZERO_SERVING_MEAN -> row.zeroServingSeconds().mean();
            case FAILED_PROBES -> row.failedProbeRate();
            case DEPLOY_P50 -> row.deploySeconds().p50();
            case MIN_SERVING -> row.minServing();
        };
    }

    public static Optional<Metric> byId(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public static List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Metric m : values()) {
            out.add(m.id);
        }
        return out;
    }
}
