package dev.deploysim.sim.explore;

import java.util.Objects;

/**
 * What a property says about one try: it passed, it failed (with a kind and a message), or the
 * try does not count (discarded). The kind names the failure for shrinking: by default the
 * shrinker only accepts smaller cases that fail with the same kind, so a shrink that starts on
 * one invariant never slips onto another.
 *
 * @param status pass, fail or discard
 * @param kind for a failure, what failed (e.g. an invariant's name); empty otherwise
 * @param message for a failure, the cause in one line; for a discard, why
 */
public record Verdict(Status status, String kind, String message) {

    /** The three outcomes of a try. */
    public enum Status { PASS, FAIL, DISCARD }

    private static final Verdict PASS = new Verdict(Status.PASS, "", "");

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (status == Status.FAIL && kind.isBlank()) {
            throw new IllegalArgumentException("a failure needs a kind");
        }
    }

    public static Verdict pass() {
        return PASS;
    }

    /** A failure of kind "verdict". */
    public static Verdict fail(String message) {
        return fail("verdict", message);
    }

    /** A failure of {@code kind}, e.g. {@code fail("never-zero-serving", "0 serving at 12.5 s")}. */
    public static Verdict fail(String kind, String message) {
        return new Verdict(Status.FAIL, kind, message);
    }

    public static Verdict discard(String reason) {
        return new Verdict(Status.DISCARD, "", reason);
    }

    /** Pass if {@code holds}, else a failure of kind "verdict" with {@code message}. */
    public static Verdict require(boolean holds, String message) {
        return holds ? PASS : fail(message);
    }

    public boolean passed() {
        return status == Status.PASS;
    }
}
