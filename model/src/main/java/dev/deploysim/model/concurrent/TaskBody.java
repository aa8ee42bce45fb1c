package dev.deploysim.model.concurrent;

/**
 * The code a task runs; may throw checked exceptions, which reach whoever awaits the task.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface TaskBody<T> {
    T run() throws Exception;
}
