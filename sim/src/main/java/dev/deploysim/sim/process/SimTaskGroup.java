package dev.deploysim.sim.process;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.concurrent.TaskFailedException;
import dev.deploysim.model.concurrent.TaskGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

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
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<SimProcess<?>> runningTasks = new ArrayList<>();
    /** Failures by submission index (sorted on read). */
    private final java.util.TreeMap<Integer, Throwable> failures = new java.util.TreeMap<>();
    private int submitted;
    private boolean cancelled;
    private Throwable firstError;
    SimProcess<?> waiter;

    SimTaskGroup(Processes runtime, String name, int limit, boolean cancelOnError, SimProcess<?> owner) {
        this.runtime = runtime;
        this.name = name;
        this.limit = limit;
        this.cancelOnError = cancelOnError;
        this.owner = owner;
    }

    @Override
    public void go(String taskName, TaskBody<?> body) {
        int index = submitted++;
        if (cancelled) {
            return; // like errgroup after cancellation: the task never runs
        }
        queue.add(new Pending(index, taskName, body));
        pump();
    }

    private void pump() {
        while (!cancelled && runningTasks.size() < limit && !queue.isEmpty()) {
            Pending next = queue.poll();
            SimProcess<?> p = runtime.spawn(next.name, next.body, owner);
            p.group = this;
            p.groupIndex = next.index;
            runningTasks.add(p);
        }
    }

    void onDone(SimProcess<?> p) {
        runningTasks.remove(p);
        Throwable f = p.failure;
        p.observed = true;
        if (f != null && !(f instanceof KilledError)) {
            failures.put(p.groupIndex, f);
            if (cancelOnError && firstError == null && !(cancelled && f instanceof CancelledException)) {
                firstError = f;
                cancelInternal();
            }
        }
        pump();
        if (idle()) {
            runtime.wakeGroupWaiter(this);
        }
    }

    boolean idle() {
        return runningTasks.isEmpty() && (queue.isEmpty() || cancelled);
    }

    @Override
    public void await() {
        runtime.awaitGroup(this);
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
                if (other != first) {
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
            p.cancel();
        }
        if (idle()) {
            runtime.wakeGroupWaiter(this);
        }
    }

    @Override
    public List<Throwable> errors() {
        return new ArrayList<>(failures.values());
    }

    @Override
    public String toString() {
        return name + " (" + runningTasks.size() + " running, " + queue.size() + " queued, limit " + limit + ")";
    }
}
