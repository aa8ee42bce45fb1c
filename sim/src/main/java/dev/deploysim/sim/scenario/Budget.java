package dev.deploysim.sim.scenario;

/**
 * When a run gives up: a bound on virtual time and on kernel events, so a livelocked strategy or
 * a runaway world ends as a reported outcome instead of hanging a sweep.
 *
 * @param maxVirtualSeconds virtual seconds from the start of the run
 * @param maxEvents kernel events processed
 */
public record Budget(double maxVirtualSeconds, long maxEvents) {
    public Budget {
        if (!(maxVirtualSeconds > 0) || Double.isInfinite(maxVirtualSeconds)) {
            throw new IllegalArgumentException("maxVirtualSeconds must be a finite number > 0, was " + maxVirtualSeconds);
        }
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be > 0, was " + maxEvents);
        }
    }

    /** The budget in the kernel's unit. */
    public long maxVirtualNanos() {
        double nanos = maxVirtualSeconds * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
    }
}
