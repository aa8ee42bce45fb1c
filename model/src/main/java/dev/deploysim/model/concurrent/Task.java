package dev.deploysim.model.concurrent;

/**
 * A forked unit of work and its eventual result (a goroutine plus the channel it reports on).
 *
 * @param <T> the result type
 */
public interface Task<T> {

    /** The name given at fork time; it appears in traces and deadlock reports. */
    String name();

    /** Whether the task has finished, normally, exceptionally or by cancellation. */
    boolean isDone();

    /**
     * Requests cancellation: the task's current or next blocking call throws
     * {@link CancelledException}, and so do those of the tasks it forked. No-op once done.
     */
    void cancel();
}
