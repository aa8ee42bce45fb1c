package dev.deploysim.model.concurrent;

/**
 * Wraps a checked exception thrown by a task body so that it can reach the awaiting task;
 * unchecked exceptions are rethrown as they are.
 */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskFailedException(String taskName, Throwable cause) {
        super("task " + taskName + " failed: " + cause.getMessage(), cause);
    }

    /** Rethrows {@code t} unchanged if it is unchecked, else wrapped. */
    public static RuntimeException propagate(String taskName, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new TaskFailedException(taskName, t);
    }
}
