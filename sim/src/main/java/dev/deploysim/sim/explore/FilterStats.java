package dev.deploysim.sim.explore;

/**
 * How one filter fared over a run's tries (shrinking excluded).
 *
 * @param description the filter's description
 * @param accepted values it let through
 * @param rejected values it rejected
 * @param exhausted tries it discarded after {@link Gen#FILTER_ATTEMPTS} rejections in a row
 */
public record FilterStats(String description, long accepted, long rejected, long exhausted) {

    /** Rejected values as a percentage of values tested. */
    public double rejectedPercent() {
        long tested = accepted + rejected;
        return tested == 0 ? 0 : 100.0 * rejected / tested;
    }
}
