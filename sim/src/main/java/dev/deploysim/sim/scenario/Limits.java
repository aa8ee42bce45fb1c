package dev.deploysim.sim.scenario;

/**
 * The largest values a scenario may hold, checked when it is loaded so that a hostile or mistyped
 * number is refused with the field's name instead of overflowing virtual time (integer
 * nanoseconds) or burning the run's budget on nothing. Each bound is generic: every duration
 * (any {@code ...Seconds} field, every distribution bound, every duration option) shares
 * {@link #MAX_SECONDS}, every {@code ...PerSecond} rate shares {@link #MAX_RATE_PER_SECOND}, so a
 * knob added later is bounded without a line here.
 */
public final class Limits {
    /**
     * The longest duration a scenario may give, in seconds: 1,000,000 s (11.6 days), a thousand
     * times flyctl's longest default wait, and small enough that virtual time plus any duration
     * stays far inside a long of nanoseconds.
     */
    public static final double MAX_SECONDS = 1_000_000;
    /** The highest rate (probes per second and the like): one every millisecond. */
    public static final double MAX_RATE_PER_SECOND = 1_000;
    /** The largest log-normal sigma: e^(10 sigma) already spans every duration above. */
    public static final double MAX_SIGMA = 10;
    /** The largest mixture weight; weights are relative, so this only keeps their sum finite. */
    public static final double MAX_WEIGHT = 1_000_000;
    /** The largest event budget: a hundred times the default, minutes of CPU at most. */
    public static final long MAX_EVENTS = 1_000_000_000L;
    /** The largest whole-number knob of the platform or the prober (retries, counts). */
    public static final int MAX_COUNT = 1_000_000;
    /** Process groups per app: far above any real fly.toml, low enough that a run stays quick. */
    public static final int MAX_GROUPS = 100;
    /**
     * Machines in the whole app (started and stopped, every group): a 100,000-machine run fits in a
     * 4 GiB heap (docs/performance.md, "Scaling through the CLI").
     */
    public static final int MAX_MACHINES = 100_000;

    private Limits() {
    }

    /** How an error names {@link #MAX_SECONDS}. */
    static String maxSecondsText() {
        return "1000000 (seconds, 11.6 days: the longest duration a scenario may give)";
    }
}
