package dev.deploysim.sim.scenario;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Parses durations as fly.toml writes them, in Go's {@code time.ParseDuration} syntax: a sequence
 * of decimal numbers each with a unit ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}), e.g. {@code 15s}, {@code 1m0s}, {@code 1.5h}, {@code 300ms}; {@code 0}
 * alone is allowed. Negative durations are refused: nothing in fly.toml takes one.
 */
final class GoDuration {
    private GoDuration() {
    }

    /**
     * @throws IllegalArgumentException with a message fit for "expected ..., was ..." errors
     */
    static Duration parse(String s) {
        String t = s.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("negative");
        }
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("expected a number at position " + (start + 1));
            }
            BigDecimal number;
            try {
                number = new BigDecimal(t.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number '" + t.substring(start, i) + "'");
            }
            int unitStart = i;
            while (i < t.length() && !Character.isDigit(t.charAt(i)) && t.charAt(i) != '.') {
                i++;
            }
            String unit = t.substring(unitStart, i);
            long unitNanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "" -> throw new IllegalArgumentException("missing unit after " + number.toPlainString()
                        + " (use ms, s, m or h)");
                default -> throw new IllegalArgumentException("unknown unit '" + unit + "' (use ms, s, m or h)");
            };
            nanos = nanos.add(number.multiply(BigDecimal.valueOf(unitNanos)));
        }
        try {
            return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too long");
        }
    }

    /** Go's rendering: {@code 1m0s}, {@code 15s}, {@code 500ms} ({@link dev.deploysim.model.deploy.GoDurations}). */
    static String format(Duration d) {
        return dev.deploysim.model.deploy.GoDurations.format(d);
    }
}
