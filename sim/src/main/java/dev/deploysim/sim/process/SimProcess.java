package dev.deploysim.sim.process;

import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.sim.kernel.Holder;
import java.util.ArrayList;
import java.util.List;

/**
 * A process: a named task body running on its own virtual thread under the kernel's baton.
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
    private final TaskBody<T> body;
    final List<SimProcess<?>> children = new ArrayList<>();
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
    /** Task groups this process created; cancelled with it. */
    final List<SimTaskGroup> groups = new ArrayList<>(0);
    /** The group this process runs in, if any, and its submission index there. */
    SimTaskGroup group;
    int groupIndex;

    SimProcess(Processes runtime, long id, String name, SimProcess<?> parent, TaskBody<T> body) {
        this.runtime = runtime;
        this.id = id;
        this.name = name;
        this.parent = parent;
        this.body = body;
    }

    @Override
    protected Thread launch() {
        return Thread.ofVirtual().name("sim-" + name).unstarted(this::runOnOwnThread);
    }

    private void runOnOwnThread() {
        runtime.kernel.awaitFirstTurn(this);
        runtime.enter(this);
        try {
            if (killed) {
                throw new KilledError();
            }
            if (cancelRequested && shieldDepth == 0) {
                throw new dev.deploysim.model.concurrent.CancelledException(name + " cancelled before it started");
            }
            T value = body.run();
            runtime.complete(this, value, null);
        } catch (KilledError k) {
            runtime.complete(this, null, k);
        } catch (Throwable t) {
            runtime.complete(this, null, t);
        }
        runtime.leave(this);
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
