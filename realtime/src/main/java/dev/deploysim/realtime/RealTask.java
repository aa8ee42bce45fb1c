package dev.deploysim.realtime;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskBody;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A task of {@link RealTasks}: a named body on its own virtual thread, and its eventual result.
 * Structural fields are guarded by the runtime's lock; {@link #done} and
 * {@link #cancelRequested} are volatile because blocked threads poll them between parks.
 *
 * @param <T> the result type
 */
public final class RealTask<T> implements Task<T> {

    final RealTasks runtime;
    final String name;
    final RealTask<?> parent;
    /** Forked inside the parent's {@code withoutCancel}: the parent's cancellation does not reach it. */
    final boolean detached;
    private final TaskBody<T> body;
    final Set<RealTask<?>> children = new LinkedHashSet<>();
    /** Task groups this task created that have tasks queued or running; cancelled with it. */
    final Set<RealTaskGroup> groups = new LinkedHashSet<>();
    /** Threads blocked in await/awaitAny on this task. */
    final List<Thread> waiters = new ArrayList<>(1);
    /** The group this task runs in, if any, and its submission index there. */
    RealTaskGroup group;
    int groupIndex;

    volatile boolean done;
    volatile boolean cancelRequested;
    /** Written and read only by the task's own thread. */
    int shieldDepth;
    T result;
    Throwable failure;
    Thread thread;

    RealTask(RealTasks runtime, String name, RealTask<?> parent, boolean detached, TaskBody<T> body) {
        this.runtime = runtime;
        this.name = name;
        this.parent = parent;
        this.detached = detached;
        this.body = body;
    }

    void runOnOwnThread() {
        T value = null;
        Throwable thrown = null;
        runtime.enter(this);
        try {
            if (cancelRequested) {
                throw new CancelledException(name + " cancelled before it started");
            }
            value = body.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            runtime.leave();
        }
        runtime.complete(this, value, thrown);
    }

    /** Whether this finished task ended in the cancellation that was asked of it. */
    boolean endedByCancellation() {
        return failure instanceof CancelledException && cancelRequested;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public void cancel() {
        runtime.cancel(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
