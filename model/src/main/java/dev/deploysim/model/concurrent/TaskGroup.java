package dev.deploysim.model.concurrent;

import java.util.List;

/**
 * Tasks submitted together with at most {@code limit} running at once (Go's errgroup with
 * {@code SetLimit}, or a conc pool with {@code WithMaxGoroutines}). Submitted tasks start in
 * submission order as slots free up.
 *
 * <p>With cancel-on-error, the first failure cancels the tasks still queued (they never run)
 * and the running ones (their blocking calls throw {@link CancelledException}); {@link #await()}
 * then throws that first failure. Without it, every task runs and {@link #await()} throws the
 * first failure in submission order with the others attached as suppressed exceptions.
 */
public interface TaskGroup {

    /** Queues {@code body} under {@code name}; never blocks. */
    void go(String name, TaskBody<?> body);

    /**
     * Blocks until every submitted task has finished or been skipped, then throws the group's
     * error if there is one.
     */
    void await();

    /** Cancels queued and running tasks; {@link #await()} then throws {@link CancelledException}. */
    void cancel();

    /** Failures so far, in the order tasks were submitted. */
    List<Throwable> errors();
}
