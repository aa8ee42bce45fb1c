package dev.deploysim.realtime;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.concurrent.TaskFailedException;
import dev.deploysim.model.concurrent.TaskGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A task group of {@link RealTasks}, with the simulated group's semantics: tasks start in
 * submission order as slots free up, each as a child of the group's creator; with
 * cancel-on-error the first failure (other than a cancellation asked of its task) cancels the
 * queued and running tasks and {@link #await()} throws it; without it every task runs and
 * {@link #await()} throws the first failure in submission order, the others suppressed.
 * All state is guarded by the runtime's lock.
 */
final class RealTaskGroup implements TaskGroup {

    private record Pending(int index, String name, TaskBody<?> body) { }

    private final RealTasks runtime;
    private final String name;
    private final int limit;
    private final boolean cancelOnError;
    private final RealTask<?> owner;
    /** Created inside the owner's {@code withoutCancel}: cancelling the owner does not reach it. */
    final boolean detached;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<RealTask<?>> runningTasks = new ArrayList<>();
    private final TreeMap<Integer, Throwable> failures = new TreeMap<>();
    /** Threads blocked in {@link #await()}. */
    final List<Thread> waiters = new ArrayList<>(1);
    private int submitted;
    private boolean cancelled;
    private Throwable firstError;

    RealTaskGroup(RealTasks runtime, String name, int limit, boolean cancelOnError, RealTask<?> owner,
                  boolean detached, boolean cancelled) {
        this.runtime = runtime;
        this.name = name;
        this.limit = limit;
        this.cancelOnError = cancelOnError;
        this.owner = owner;
        this.detached = detached;
        this.cancelled = cancelled;
    }

    @Override
    public void go(String taskName, TaskBody<?> body) {
        runtime.lock.lock();
        try {
            int index = submitted++;
            if (cancelled) {
                return; // like a cancelled errgroup's context: the task would only see the cancellation
            }
            queue.add(new Pending(index, taskName, body));
            if (owner != null) {
                owner.groups.add(this);
            }
            pumpLocked();
        } finally {
            runtime.lock.unlock();
        }
    }

    private void pumpLocked() {
        while (!cancelled && runningTasks.size() < limit && !queue.isEmpty()) {
            Pending next = queue.poll();
            runningTasks.add(runtime.start(next.name, next.body, owner, detached, this, next.index));
        }
    }

    void onDone(RealTask<?> t) {
        List<Thread> woken = new ArrayList<>();
        List<Thread> idleWaiters = List.of();
        runtime.lock.lock();
        try {
            runningTasks.remove(t);
            Throwable f = t.failure;
            if (f != null) {
                failures.put(t.groupIndex, f);
                if (!t.endedByCancellation()) {
                    if (firstError == null) {
                        firstError = f;
                    }
                    if (cancelOnError) {
                        cancelLocked(woken);
                    }
                }
            }
            pumpLocked();
            if (idleLocked()) {
                if (owner != null) {
                    owner.groups.remove(this);
                }
                idleWaiters = new ArrayList<>(waiters);
            }
        } finally {
            runtime.lock.unlock();
        }
        wake(woken, idleWaiters);
    }

    private static void wake(List<Thread> woken, List<Thread> waiters) {
        woken.forEach(LockSupport::unpark);
        waiters.forEach(LockSupport::unpark);
    }

    private boolean idleLocked() {
        return runningTasks.isEmpty() && (queue.isEmpty() || cancelled);
    }

    boolean idleLocking() {
        runtime.lock.lock();
        try {
            return idleLocked();
        } finally {
            runtime.lock.unlock();
        }
    }

    @Override
    public void await() {
        runtime.awaitGroup(this);
        RuntimeException thrown = null;
        runtime.lock.lock();
        try {
            if (cancelOnError) {
                if (firstError != null) {
                    thrown = TaskFailedException.propagate(name, firstError);
                } else if (cancelled) {
                    thrown = new CancelledException("task group " + name + " cancelled");
                }
            } else if (!failures.isEmpty()) {
                Throwable first = failures.firstEntry().getValue();
                thrown = TaskFailedException.propagate(name, first);
                for (Throwable other : failures.values()) {
                    if (other != first && other != thrown && !List.of(thrown.getSuppressed()).contains(other)) {
                        thrown.addSuppressed(other);
                    }
                }
            } else if (cancelled) {
                thrown = new CancelledException("task group " + name + " cancelled");
            }
        } finally {
            runtime.lock.unlock();
        }
        if (thrown != null) {
            throw thrown;
        }
    }

    @Override
    public void cancel() {
        List<Thread> woken = new ArrayList<>();
        runtime.lock.lock();
        try {
            cancelLocked(woken);
        } finally {
            runtime.lock.unlock();
        }
        woken.forEach(LockSupport::unpark);
    }

    /**
     * Cancels queued and running tasks; the caller holds the lock and afterwards unparks
     * {@code woken}, which collects the cancelled tasks' threads and, if the group is now idle,
     * its waiters.
     */
    void cancelLocked(List<Thread> woken) {
        if (cancelled) {
            return;
        }
        cancelled = true;
        queue.clear();
        for (RealTask<?> t : new ArrayList<>(runningTasks)) {
            runtime.cancelLocked(t, woken);
        }
        if (idleLocked()) {
            if (owner != null) {
                owner.groups.remove(this);
            }
            woken.addAll(waiters);
        }
    }

    @Override
    public List<Throwable> errors() {
        runtime.lock.lock();
        try {
            return new ArrayList<>(failures.values());
        } finally {
            runtime.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name + " (limit " + limit + ")";
    }
}
