package dev.deploysim.sim.process;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.sim.kernel.Holder;
import dev.deploysim.sim.kernel.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process: a named task body running on its own virtual thread under the kernel's baton
 * (carried by the thread driving the kernel where the JVM allows, see {@code Kernel}).
 * Its result or failure is kept until someone awaits it.
 *
 * @param <T> the result type
 */
public final class SimProcess<T> extends Holder implements Task<T> {

    enum State { NEW, RUNNING, PARKED, DONE }

    final Processes runtime;
    final String name;
    final long id;
    final SimProcess<?> parent;
    /**
     * Forked while the parent was inside {@code withoutCancel}: like a Go context derived from
     * {@code context.WithoutCancel}, cancelling the parent does not reach it.
     */
    final boolean detached;
    private final TaskBody<T> body;
    /** Live processes this one started (insertion-ordered, so cancellation order is deterministic). */
    final Set<SimProcess<?>> children = new LinkedHashSet<>();
    /** Processes parked in await/awaitAny on this one. */
    final List<SimProcess<?>> waiters = new ArrayList<>(1);

    State state = State.NEW;
    T result;
    Throwable failure;
    boolean observed;
    boolean cancelRequested;
    int shieldDepth;
    boolean killed;
    /** What a parked process waits for, for deadlock reports. */
    Processes.WaitKind waitKind;
    Object waitWhat;
    long waitUntil;
    /** Task groups this process created that have tasks queued or running; cancelled with it. */
    final Set<SimTaskGroup> groups = new LinkedHashSet<>();
    /** The group this process runs in, if any, and its submission index there. */
    SimTaskGroup group;
    int groupIndex;

    SimProcess(Processes runtime, long id, String name, SimProcess<?> parent, boolean detached, TaskBody<T> body) {
        this.runtime = runtime;
        this.id = id;
        this.name = name;
        this.parent = parent;
        this.detached = detached;
        this.body = body;
    }

    @Override
    protected Thread launch() {
        return runtime.kernel.newProcessThread("sim-" + name, this::runOnOwnThread);
    }

    private void runOnOwnThread() {
        runtime.kernel.awaitFirstTurn(this);
        runtime.enter(this);
        T value = null;
        Throwable thrown = null;
        try {
            if (killed) {
                throw new KilledError();
            }
            if (cancelRequested && shieldDepth == 0) {
                throw new CancelledException(name + " cancelled before it started");
            }
            value = body.run();
        } catch (Throwable t) {
            thrown = t;
        }
        try {
            runtime.complete(this, value, thrown);
        } catch (Throwable bug) {
            runtime.kernel.stop(Outcome.FAILED, "internal error while completing process " + this + ": " + bug, bug);
        } finally {
            // Always hand the baton on: a thread that ended holding it would hang the kernel.
            runtime.leave(this);
        }
    }

    /**
     * Whether this finished process ended in the cancellation that was asked of it: an outcome
     * nobody needs to observe, unlike a failure.
     */
    boolean endedByCancellation() {
        return failure instanceof CancelledException && cancelRequested;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isDone() {
        return state == State.DONE;
    }

    @Override
    public void cancel() {
        runtime.cancel(this);
    }

    /** The result of a finished process, or null; marks the failure as observed. */
    public T resultNow() {
        observed = true;
        return result;
    }

    /** The failure of a finished process, or null; marks it as observed. */
    public Throwable failureNow() {
        observed = true;
        return failure;
    }

    /** Whether cancellation was requested. */
    public boolean cancelRequested() {
        return cancelRequested;
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
