package dev.deploysim.sim.explore;

/**
 * A coverage requirement and how the run met it: at least {@code minPercent} of the tries
 * should carry {@code label}.
 *
 * @param label the label
 * @param minPercent the required share of tries, in percent
 * @param actualPercent the share the run reached
 * @param checked false when the run had too few tries to judge (see
 *     {@link Explorer#coverageMinTries}); such a check neither passes nor fails the run
 * @param met checked and reached
 */
public record CoverageCheck(String label, double minPercent, double actualPercent, boolean checked, boolean met) {
}
