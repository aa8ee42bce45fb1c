package dev.deploysim.sim.explore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a try failed.
 *
 * @param kind what failed: a verdict's kind, or for an exception its class and the first
 *     stack frame outside the JDK and the assertion libraries (where the property threw)
 * @param message one line describing the failure
 * @param cause the exception, when the property or a generator threw one
 */
public record Failure(String kind, String message, Optional<Throwable> cause) {

    // Frames from these packages are the machinery of an assertion, not where it was made.
    private static final List<String> LIBRARY_FRAMES =
            List.of("java.", "javax.", "jdk.", "sun.", "org.assertj.", "org.opentest4j.", "org.junit.");

    private static final int MAX_MESSAGE = 300;

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(cause, "cause");
    }

    static Failure of(Verdict verdict) {
        return new Failure(verdict.kind(), verdict.message(), Optional.empty());
    }

    static Failure of(Throwable e) {
        // Assertion libraries spread one message over several lines; a report wants one.
        String text = e.getMessage() == null ? "" : ": " + e.getMessage().strip().replaceAll("\\s+", " ");
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + " ...";
        }
        return new Failure(kindOf(e), e.getClass().getName() + text, Optional.of(e));
    }

    /** Same kind and message: the same failure, whichever exception object carried it. */
    boolean sameAs(Failure other) {
        return kind.equals(other.kind) && message.equals(other.message);
    }

    /** The exception's class and its first frame outside the JDK and assertion libraries. */
    static String kindOf(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String cls = frame.getClassName();
            if (LIBRARY_FRAMES.stream().noneMatch(cls::startsWith)) {
                return e.getClass().getName() + " at " + cls + "." + frame.getMethodName() + ":" + frame.getLineNumber();
            }
        }
        return e.getClass().getName();
    }
}
