package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.concurrent.Tasks;
import java.util.List;

/**
 * Bare goroutines as flyctl starts them with {@code go func() {...}()}: a forked task that never
 * fails (its error is its result, as a goroutine reports on a channel), and the
 * {@code defer cancel()} that stops the ones still running when the caller returns.
 */
final class Goroutines {
    private Goroutines() {
    }

    /** What a goroutine reports: a value or an error. */
    record Outcome<T>(T value, RuntimeException error) {
        boolean ok() {
            return error == null;
        }
    }

    /** Starts {@code body}; its exception becomes the outcome's error instead of a task failure. */
    static <T> Task<Outcome<T>> go(Tasks tasks, String name, TaskBody<T> body) {
        return tasks.fork(name, () -> {
            try {
                return new Outcome<>(body.run(), null);
            } catch (RuntimeException e) {
                return new Outcome<>(null, e);
            }
        });
    }

    /** The outcome of a finished goroutine. */
    static <T> Outcome<T> outcome(Tasks tasks, Task<Outcome<T>> task) {
        return tasks.withoutCancel(() -> tasks.await(task, Tasks.FOREVER));
    }

    /** Cancels every goroutine still running and waits until each has returned. */
    static void stop(Tasks tasks, List<? extends Task<?>> running) {
        for (Task<?> t : running) {
            t.cancel();
        }
        tasks.withoutCancel(() -> {
            for (Task<?> t : running) {
                try {
                    tasks.await(t, Tasks.FOREVER);
                } catch (RuntimeException ignored) {
                    // A cancelled goroutine's error is nobody's business once its caller returned.
                }
            }
            return null;
        });
    }
}
