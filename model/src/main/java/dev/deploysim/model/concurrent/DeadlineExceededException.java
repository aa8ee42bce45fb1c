package dev.deploysim.model.concurrent;

/** Thrown when an await's deadline passes first (Go's {@code context.DeadlineExceeded}). */
public final class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadlineExceededException(String message) {
        super(message, null, false, false);
    }
}
