package dev.deploysim.realtime;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.concurrent.DeadlineExceededException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.concurrent.TaskFailedException;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.concurrent.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The real-clock implementation of the model's {@link Clock} and {@link Tasks} ports: every
 * task runs on its own virtual thread, time is {@link java.time.Clock} plus the monotonic
 * {@link System#nanoTime()}, and the semantics are those of the simulated runtime
 * ({@code sim.process.Processes}): task groups with a limit and cancel-on-error, cooperative
 * cancellation that wakes a blocked task with {@link CancelledException}, {@code withoutCancel}
 * and tasks forked inside it that the parent's cancellation does not reach.
 *
 * <p>Cancellation uses flags, not interrupts: a blocked task parks in a loop that rechecks
 * its condition, its cancellation flag and its deadline, and whoever changes one of them
 * unparks it. That lets {@code withoutCancel} defer cancellation without losing it. An
 * interrupt of a task's thread (from code outside this runtime) counts as cancelling the task.
 *
 * <p>Blocking calls may also be made from threads that are not tasks (a test's main thread):
 * those cannot be cancelled, except by interrupting them. {@link #close()} cancels what is
 * still running and waits for it.
 */
public final class RealTasks implements Clock, Tasks, AutoCloseable {

    /** Guards the structure: children, groups, waiters, results. Never held while blocking. */
    final ReentrantLock lock = new ReentrantLock();
    private final ThreadLocal<RealTask<?>> current = new ThreadLocal<>();
    private final Set<RealTask<?>> live = new LinkedHashSet<>();
    private final Instant origin;
    private final long originNanos;

    /** A runtime on the system clock (UTC). */
    public RealTasks() {
        this(java.time.Clock.systemUTC());
    }

    /**
     * A runtime whose {@link #now()} starts at {@code clock}'s instant and then advances with
     * the monotonic {@link System#nanoTime()}, so that it never jumps backwards.
     */
    public RealTasks(java.time.Clock clock) {
        this.origin = Objects.requireNonNull(clock).instant();
        this.originNanos = System.nanoTime();
    }

    // ---- Clock ----

    @Override
    public Instant now() {
        return origin.plusNanos(System.nanoTime() - originNanos);
    }

    @Override
    public void sleep(Duration duration) {
        RealTask<?> self = current.get();
        checkCancelled(self);
        long nanos = nanos(duration);
        if (nanos == 0) {
            Thread.yield();
            return;
        }
        Outcome o = block(self, () -> false, nanos);
        if (o == Outcome.CANCELLED) {
            throw cancelled(self);
        }
    }

    // ---- Tasks ----

    @Override
    public <T> Task<T> fork(String name, TaskBody<T> body) {
        RealTask<?> parent = current.get();
        return start(name, body, parent, parent != null && parent.shieldDepth > 0, null, 0);
    }

    <T> RealTask<T> start(String name, TaskBody<T> body, RealTask<?> parent, boolean detached,
                          RealTaskGroup group, int groupIndex) {
        RealTask<T> t = new RealTask<>(this, name, parent, detached, body);
        t.group = group;
        t.groupIndex = groupIndex;
        lock.lock();
        try {
            if (parent != null) {
                // A context derived from a cancelled one starts cancelled.
                t.cancelRequested = !detached && parent.cancelRequested;
                parent.children.add(t);
            }
            live.add(t);
            t.thread = Thread.ofVirtual().name("task-" + name).unstarted(t::runOnOwnThread);
        } finally {
            lock.unlock();
        }
        t.thread.start();
        return t;
    }

    void enter(RealTask<?> t) {
        current.set(t);
    }

    void leave() {
        current.remove();
    }

    <T> void complete(RealTask<T> t, T value, Throwable failure) {
        List<Thread> wake;
        lock.lock();
        try {
            t.result = value;
            t.failure = failure;
            t.done = true;
            wake = new ArrayList<>(t.waiters);
            if (t.parent != null) {
                t.parent.children.remove(t);
            }
            live.remove(t);
        } finally {
            lock.unlock();
        }
        wake.forEach(LockSupport::unpark);
        if (t.group != null) {
            t.group.onDone(t);
        }
    }

    @Override
    public <T> T await(Task<T> task, Duration timeout) {
        RealTask<T> t = own(task);
        RealTask<?> self = current.get();
        if (!t.done) {
            checkCancelled(self);
            Thread me = Thread.currentThread();
            register(t, me);
            Outcome o;
            try {
                o = block(self, () -> t.done, nanos(timeout));
            } finally {
                unregister(t, me);
            }
            if (o == Outcome.CANCELLED) {
                throw cancelled(self);
            }
            if (o == Outcome.TIMED_OUT) {
                throw new DeadlineExceededException("awaiting " + t.name + ": deadline of " + timeout + " exceeded");
            }
        }
        Throwable f;
        T r;
        lock.lock();
        try {
            f = t.failure;
            r = t.result;
        } finally {
            lock.unlock();
        }
        if (f != null) {
            throw TaskFailedException.propagate(t.name, f);
        }
        return r;
    }

    @Override
    public int awaitAny(List<? extends Task<?>> tasks, Duration timeout) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("awaitAny needs at least one task");
        }
        List<RealTask<?>> ts = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            ts.add(own(t));
        }
        int done = firstDone(ts);
        if (done >= 0) {
            return done;
        }
        RealTask<?> self = current.get();
        checkCancelled(self);
        Thread me = Thread.currentThread();
        for (RealTask<?> t : ts) {
            register(t, me);
        }
        Outcome o;
        try {
            o = block(self, () -> firstDone(ts) >= 0, nanos(timeout));
        } finally {
            for (RealTask<?> t : ts) {
                unregister(t, me);
            }
        }
        if (o == Outcome.CANCELLED) {
            throw cancelled(self);
        }
        if (o == Outcome.TIMED_OUT) {
            throw new DeadlineExceededException("awaiting any of " + ts.size() + " tasks: deadline of " + timeout + " exceeded");
        }
        return firstDone(ts);
    }

    private static int firstDone(List<RealTask<?>> ts) {
        for (int i = 0; i < ts.size(); i++) {
            if (ts.get(i).done) {
                return i;
            }
        }
        return -1;
    }

    private void register(RealTask<?> t, Thread waiter) {
        lock.lock();
        try {
            t.waiters.add(waiter);
        } finally {
            lock.unlock();
        }
    }

    private void unregister(RealTask<?> t, Thread waiter) {
        lock.lock();
        try {
            t.waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private <T> RealTask<T> own(Task<T> task) {
        if (task instanceof RealTask<T> t && t.runtime == this) {
            return t;
        }
        throw new IllegalArgumentException("task " + task.name() + " does not belong to this runtime");
    }

    @Override
    public TaskGroup group(String name, int limit, boolean cancelOnError) {
        if (limit < 1) {
            throw new IllegalArgumentException("task group " + name + ": limit must be >= 1, was " + limit);
        }
        RealTask<?> owner = current.get();
        boolean detached = owner != null && owner.shieldDepth > 0;
        boolean bornCancelled = owner != null && !detached && owner.cancelRequested;
        return new RealTaskGroup(this, name, limit, cancelOnError, owner, detached, bornCancelled);
    }

    @Override
    public <T> T withoutCancel(TaskBody<T> body) {
        RealTask<?> self = current.get();
        if (self != null) {
            self.shieldDepth++;
        }
        try {
            return body.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new TaskFailedException(self == null ? Thread.currentThread().getName() : self.name, e);
        } finally {
            if (self != null) {
                self.shieldDepth--;
            }
        }
    }

    @Override
    public boolean cancelled() {
        RealTask<?> self = current.get();
        return self != null && self.cancelRequested && self.shieldDepth == 0;
    }

    /**
     * Cancels {@code t}, the task groups it created and the tasks it forked (except those forked
     * inside {@code withoutCancel}), and wakes whatever of them is blocked.
     */
    void cancel(RealTask<?> t) {
        List<Thread> woken = new ArrayList<>();
        lock.lock();
        try {
            cancelLocked(t, woken);
        } finally {
            lock.unlock();
        }
        woken.forEach(LockSupport::unpark);
    }

    /** Marks {@code t} and what it started cancelled; collects the threads to wake. Holds the lock. */
    void cancelLocked(RealTask<?> t, List<Thread> woken) {
        if (t.done || t.cancelRequested) {
            return;
        }
        t.cancelRequested = true;
        woken.add(t.thread);
        for (RealTaskGroup g : new ArrayList<>(t.groups)) {
            if (!g.detached) {
                g.cancelLocked(woken);
            }
        }
        for (RealTask<?> c : new ArrayList<>(t.children)) {
            if (!c.detached) {
                cancelLocked(c, woken);
            }
        }
    }

    /** Blocks the calling thread until {@code group} is idle; throws if the caller is cancelled first. */
    void awaitGroup(RealTaskGroup group) {
        RealTask<?> self = current.get();
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            group.waiters.add(me);
        } finally {
            lock.unlock();
        }
        Outcome o;
        try {
            o = block(self, group::idleLocking, Long.MAX_VALUE);
        } finally {
            lock.lock();
            try {
                group.waiters.remove(me);
            } finally {
                lock.unlock();
            }
        }
        if (o == Outcome.CANCELLED) {
            throw cancelled(self);
        }
    }

    // ---- blocking ----

    private enum Outcome { READY, CANCELLED, TIMED_OUT }

    /**
     * Parks until {@code ready} holds, the calling task is cancelled (outside
     * {@code withoutCancel}), or {@code timeoutNanos} pass (Long.MAX_VALUE: never), checked in
     * that order. Wakers unpark the thread after changing what it waits for; park permits make a
     * wake-up that comes before the park count.
     */
    private Outcome block(RealTask<?> self, BooleanSupplier ready, long timeoutNanos) {
        long start = System.nanoTime();
        while (true) {
            if (ready.getAsBoolean()) {
                return Outcome.READY;
            }
            if (self != null && self.cancelRequested && self.shieldDepth == 0) {
                return Outcome.CANCELLED;
            }
            if (timeoutNanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return Outcome.TIMED_OUT;
                }
                LockSupport.parkNanos(this, left);
            }
            if (Thread.interrupted()) {
                if (self == null) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException(Thread.currentThread().getName() + " interrupted");
                }
                cancel(self);
            }
        }
    }

    private static void checkCancelled(RealTask<?> self) {
        if (self != null && self.cancelRequested && self.shieldDepth == 0) {
            throw cancelled(self);
        }
    }

    private static CancelledException cancelled(RealTask<?> self) {
        return new CancelledException(self.name + " cancelled");
    }

    private static long nanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    // ---- lifecycle ----

    /** Tasks started and not finished. */
    public int liveCount() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels every task still running and waits for all of them to finish. A task that ignores
     * cancellation (inside {@code withoutCancel}) is waited for. If the calling thread is
     * interrupted meanwhile, it stops waiting and returns with its interrupt flag set. Must not
     * be called from one of this runtime's tasks.
     */
    @Override
    public void close() {
        if (current.get() != null) {
            throw new IllegalStateException("close() called from task " + current.get().name);
        }
        while (true) {
            List<RealTask<?>> running;
            lock.lock();
            try {
                running = new ArrayList<>(live);
            } finally {
                lock.unlock();
            }
            if (running.isEmpty()) {
                return;
            }
            for (RealTask<?> t : running) {
                cancel(t);
            }
            for (RealTask<?> t : running) {
                try {
                    t.thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
