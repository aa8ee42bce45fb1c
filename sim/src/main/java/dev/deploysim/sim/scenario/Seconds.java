package dev.deploysim.sim.scenario;

import java.time.Duration;

/**
 * Conversions between scenario files' seconds (a JSON number) and {@link Duration}: nanosecond
 * precision, rounding to the nearest nanosecond, so a value echoed and read back is unchanged.
 */
final class Seconds {
    private Seconds() {
    }

    static Duration toDuration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    static double of(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** A duration as an option value string that {@link dev.deploysim.model.deploy.Options#parseDuration} reads back. */
    static String optionText(Duration d) {
        long nanos = d.toNanos();
        if (nanos != 0 && nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos != 0 && nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return d.toString();
    }
}
