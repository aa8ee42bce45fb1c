package dev.deploysim.model.concurrent;

/** Thrown from a blocking call when the calling task was cancelled (Go's {@code context.Canceled}). */
public final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message, null, false, false);
    }
}
