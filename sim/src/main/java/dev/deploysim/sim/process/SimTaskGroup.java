package dev.deploysim.sim.process;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.concurrent.TaskFailedException;
import dev.deploysim.model.concurrent.TaskGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A task group on the simulated runtime: Go's errgroup with a limit (cancel-on-error) or a conc
 * pool collecting every error. Tasks start in submission order as slots free up; each runs as a
 * child process of the group's creator.
 */
final class SimTaskGroup implements TaskGroup {

    private record Pending(int index, String name, TaskBody<?> body) { }

    private final Processes runtime;
    private final String name;
    private final int limit;
    private final boolean cancelOnError;
    private final SimProcess<?> owner;
    /** Created inside the owner's {@code withoutCancel}: cancelling the owner does not reach it. */
    final boolean detached;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<SimProcess<?>> runningTasks = new ArrayList<>();
    /** Failures by submission index. */
    private final TreeMap<Integer, Throwable> failures = new TreeMap<>();
    /** Processes parked in {@link #await()}. */
    final List<SimProcess<?>> waiters = new ArrayList<>(1);
    private int submitted;
    private boolean cancelled;
    /** The first failure that was not a cancellation asked of its task; it cancels the group. */
    private Throwable firstError;
    private boolean observed;

    SimTaskGroup(Processes runtime, String name, int limit, boolean cancelOnError, SimProcess<?> owner,
                 boolean detached, boolean cancelled) {
        this.runtime = runtime;
        this.name = name;
        this.limit = limit;
        this.cancelOnError = cancelOnError;
        this.owner = owner;
        this.detached = detached;
        this.cancelled = cancelled;
    }

    String name() {
        return name;
    }

    @Override
    public void go(String taskName, TaskBody<?> body) {
        int index = submitted++;
        if (cancelled) {
            return; // like a cancelled errgroup's context: the task would only see the cancellation
        }
        queue.add(new Pending(index, taskName, body));
        if (owner != null) {
            owner.groups.add(this); // busy: the owner's cancellation must reach the queued task
        }
        pump();
    }

    private void pump() {
        while (!cancelled && runningTasks.size() < limit && !queue.isEmpty()) {
            Pending next = queue.poll();
            SimProcess<?> p = runtime.spawn(next.name, next.body, owner, detached);
            p.group = this;
            p.groupIndex = next.index;
            runningTasks.add(p);
        }
    }

    void onDone(SimProcess<?> p) {
        runningTasks.remove(p);
        Throwable f = p.failure;
        p.observed = true; // the group reports it
        if (f != null && !(f instanceof KilledError)) {
            failures.put(p.groupIndex, f);
            if (!p.endedByCancellation()) {
                if (firstError == null) {
                    firstError = f;
                    runtime.groupFailed(this);
                }
                if (cancelOnError) {
                    cancelInternal();
                }
            }
        }
        pump();
        if (idle()) {
            if (owner != null) {
                owner.groups.remove(this);
            }
            runtime.wakeGroupWaiters(this);
        }
    }

    boolean idle() {
        return runningTasks.isEmpty() && (queue.isEmpty() || cancelled);
    }

    boolean observed() {
        return observed;
    }

    /** The failure an unobserved group would have reported. */
    Throwable firstFailure() {
        return firstError;
    }

    @Override
    public void await() {
        try {
            runtime.awaitGroup(this);
        } catch (CancelledException cancelled) {
            // Go's Wait returns only once every goroutine has returned, cancelled or not: wait for the
            // tasks (an owner's cancellation has reached them, so this is prompt) so that none outlives
            // its awaiter and fails unobserved; then report the awaiter's own cancellation
            runtime.withoutCancel(() -> {
                runtime.awaitGroup(this);
                return null;
            });
            observed = true;
            throw cancelled;
        }
        observed = true;
        if (cancelOnError) {
            if (firstError != null) {
                throw TaskFailedException.propagate(name, firstError);
            }
            if (cancelled) {
                throw new CancelledException("task group " + name + " cancelled");
            }
            return;
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.firstEntry().getValue();
            RuntimeException thrown = TaskFailedException.propagate(name, first);
            for (Throwable other : failures.values()) {
                if (other != first && other != thrown && !List.of(thrown.getSuppressed()).contains(other)) {
                    thrown.addSuppressed(other);
                }
            }
            throw thrown;
        }
        if (cancelled) {
            throw new CancelledException("task group " + name + " cancelled");
        }
    }

    @Override
    public void cancel() {
        cancelInternal();
    }

    private void cancelInternal() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        queue.clear();
        for (SimProcess<?> p : new ArrayList<>(runningTasks)) {
            runtime.cancel(p);
        }
        if (idle()) {
            if (owner != null) {
                owner.groups.remove(this);
            }
            runtime.wakeGroupWaiters(this);
        }
    }

    @Override
    public List<Throwable> errors() {
        observed = true;
        return new ArrayList<>(failures.values());
    }

    @Override
    public String toString() {
        return name + " (" + runningTasks.size() + " running, " + queue.size() + " queued, limit " + limit + ")";
    }
}
