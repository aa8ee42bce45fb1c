package dev.deploysim.model.deploy;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Go prints them ({@code time.Duration.String}), the form flyctl's own log lines and
 * fly.toml use: {@code 13s}, {@code 1m0s}, {@code 500ms}. Strategies write their step details
 * with it, so a step reads like the flyctl line it mirrors, not like Java's {@code PT13S}.
 */
public final class GoDurations {
    private GoDurations() {
    }

    /** {@code d} as Go prints it, for the whole-second and millisecond values deploys use. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L && nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long h = nanos / 3_600_000_000_000L;
        long rest = nanos % 3_600_000_000_000L;
        long m = rest / 60_000_000_000L;
        rest = rest % 60_000_000_000L;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(new BigDecimal(rest).movePointLeft(9).stripTrailingZeros().toPlainString()).append('s');
        return sb.toString();
    }
}
