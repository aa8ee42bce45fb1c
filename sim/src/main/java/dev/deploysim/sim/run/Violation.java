package dev.deploysim.sim.run;

import java.time.Duration;
import java.util.Objects;

/**
 * An invariant that did not hold in a run.
 *
 * @param invariant the invariant's registered name, e.g. {@code never-zero-serving}
 * @param atNanos virtual time at which it was first violated
 * @param detail a one-line cause
 */
public record Violation(String invariant, long atNanos, String detail) {
    public Violation {
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(detail, "detail");
    }

    public double atSeconds() {
        return atNanos / 1e9;
    }

    @Override
    public String toString() {
        return invariant + " at " + Duration.ofNanos(atNanos) + ": " + detail;
    }
}
