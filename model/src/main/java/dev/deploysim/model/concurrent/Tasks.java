package dev.deploysim.model.concurrent;

import java.time.Duration;
import java.util.List;

/** Forking, awaiting and grouping tasks: the structured concurrency a strategy may use. */
public interface Tasks {

    /** A timeout that never expires: awaiting with it waits as long as it takes. */
    Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    /** Starts {@code body} as a child of the calling task. */
    <T> Task<T> fork(String name, TaskBody<T> body);

    /**
     * Blocks until {@code task} finishes and returns its result, or rethrows its failure.
     *
     * @throws DeadlineExceededException if {@code timeout} passes first (the task keeps running)
     * @throws CancelledException if the caller is cancelled while waiting
     */
    <T> T await(Task<T> task, Duration timeout);

    /**
     * Blocks until any of {@code tasks} finishes and returns its index (the lowest index if
     * several finish at the same instant); never throws the task's failure.
     *
     * @throws DeadlineExceededException if {@code timeout} passes first
     */
    int awaitAny(List<? extends Task<?>> tasks, Duration timeout);

    /** A new task group; see {@link TaskGroup} for the semantics of {@code cancelOnError}. */
    TaskGroup group(String name, int limit, boolean cancelOnError);

    /**
     * Runs {@code body} with the calling task's cancellation deferred: blocking calls inside it
     * do not throw {@link CancelledException} (Go's {@code context.WithoutCancel}, which flyctl
     * uses for cleanup such as releasing leases after Ctrl-C).
     */
    <T> T withoutCancel(TaskBody<T> body);

    /** Whether the calling task has been asked to cancel (Go's {@code ctx.Err() != nil}). */
    boolean cancelled();

    /** Throws {@link CancelledException} if the calling task has been asked to cancel. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancelledException("cancelled");
        }
    }
}
