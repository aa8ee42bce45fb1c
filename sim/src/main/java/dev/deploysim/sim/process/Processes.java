package dev.deploysim.sim.process;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.concurrent.DeadlineExceededException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.concurrent.TaskFailedException;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.sim.kernel.Event;
import dev.deploysim.sim.kernel.Kernel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The process runtime of one kernel, and the simulated implementation of the model's
 * {@link Clock} and {@link Tasks} ports.
 *
 * <p>Blocking calls must come from a process (spawned here); they schedule a wake-up and park.
 * Cancellation is cooperative, like Go's contexts: a cancelled process's current or next
 * blocking call throws {@link CancelledException}, and cancelling a process cancels the
 * processes and task groups it started, except those started inside {@link #withoutCancel}.
 *
 * <p>No failure is lost: a process that fails (other than by the cancellation asked of it)
 * and that nobody awaits, and a task group whose failure nobody awaits, turn a quiescent or
 * deadlocked run's verdict into {@code FAILED}. Runs that stop at a time limit or an event
 * budget do not judge them (a waiting process might still await them); check
 * {@link #unobservedFailures()} after the last run.
 *
 * <p>All methods must be called by the kernel's baton holder: a process, an event action, or
 * the thread that drives the kernel between runs.
 */
public final class Processes implements Clock, Tasks, Kernel.ProcessRegistry {

    /** Virtual time 0 as an instant: fixed, so that runs never read the wall clock. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    final Kernel kernel;
    private final TreeMap<Long, SimProcess<?>> live = new TreeMap<>();
    /** Processes that failed and may not have been observed yet, in order of failure. */
    private final List<SimProcess<?>> failed = new ArrayList<>();
    /** Task groups that recorded a failure and may not have been awaited yet. */
    private final Set<SimTaskGroup> failedGroups = new LinkedHashSet<>();
    private long nextId;
    private SimProcess<?> current;
    private boolean shuttingDown;

    public Processes(Kernel kernel) {
        this.kernel = Objects.requireNonNull(kernel);
        kernel.attach(this);
    }

    public Kernel kernel() {
        return kernel;
    }

    // ---- spawning ----

    /**
     * Starts {@code body} as a new process at the current virtual time, after events already
     * due now. Called from a process, the new one is its child (see {@link #fork}).
     */
    public <T> SimProcess<T> spawn(String name, TaskBody<T> body) {
        SimProcess<?> parent = current;
        return spawn(name, body, parent, parent != null && parent.shieldDepth > 0);
    }

    <T> SimProcess<T> spawn(String name, TaskBody<T> body, SimProcess<?> parent, boolean detached) {
        SimProcess<T> p = new SimProcess<>(this, nextId++, name, parent, detached, body);
        if (shuttingDown) {
            p.state = SimProcess.State.DONE;
            p.failure = new KilledError();
            p.observed = true;
            return p;
        }
        live.put(p.id, p);
        if (parent != null) {
            parent.children.add(p);
            // A context derived from a cancelled one starts cancelled.
            p.cancelRequested = !detached && parent.cancelRequested;
        }
        kernel.wake(p, kernel.nowNanos(), name);
        return p;
    }

    /** The process running now, or null when an event action (not a process) runs. */
    public SimProcess<?> current() {
        return current;
    }

    void enter(SimProcess<?> p) {
        current = p;
        p.state = SimProcess.State.RUNNING;
    }

    void leave(SimProcess<?> p) {
        current = null;
        live.remove(p.id);
        if (p.parent != null) {
            p.parent.children.remove(p);
        }
        kernel.exit(p);
    }

    <T> void complete(SimProcess<T> p, T value, Throwable failure) {
        p.state = SimProcess.State.DONE;
        p.result = value;
        p.failure = failure;
        if (failure != null && !(failure instanceof KilledError) && !p.endedByCancellation()) {
            failed.add(p);
        }
        List<SimProcess<?>> ws = p.waiters;
        for (int i = 0; i < ws.size(); i++) {
            kernel.wake(ws.get(i), kernel.nowNanos(), ws.get(i).name);
        }
        if (p.group != null) {
            p.group.onDone(p);
        }
    }

    void groupFailed(SimTaskGroup g) {
        failedGroups.add(g);
    }

    // ---- parking ----

    private SimProcess<?> requireCurrent(String operation) {
        SimProcess<?> self = current;
        if (self == null) {
            throw new IllegalStateException(operation + " must be called from a process, not from an event action or the thread driving the kernel");
        }
        return self;
    }

    private static void checkInterrupts(SimProcess<?> self) {
        if (self.killed) {
            throw new KilledError();
        }
        if (self.cancelRequested && self.shieldDepth == 0) {
            throw new CancelledException(self.name + " cancelled");
        }
    }

    private void park(SimProcess<?> self, WaitKind kind, Object what, long untilNanos) {
        self.state = SimProcess.State.PARKED;
        self.waitKind = kind;
        self.waitWhat = what;
        self.waitUntil = untilNanos;
        current = null;
        kernel.park(self);
        current = self;
        self.state = SimProcess.State.RUNNING;
        self.waitKind = null;
        self.waitWhat = null;
    }

    enum WaitKind { SLEEP, AWAIT, AWAIT_ANY, GROUP }

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

    /** The absolute deadline {@code timeoutNanos} from now, or Long.MAX_VALUE for none. */
    private long deadline(long timeoutNanos) {
        long now = kernel.nowNanos();
        return timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
    }

    // ---- Clock ----

    @Override
    public Instant now() {
        return EPOCH.plusNanos(kernel.nowNanos());
    }

    @Override
    public void sleep(Duration duration) {
        sleepNanos(nanos(duration));
    }

    /** {@link #sleep(Duration)} without the boxing: the hot path of process-style models. */
    public void sleepNanos(long duration) {
        SimProcess<?> self = requireCurrent("sleep");
        checkInterrupts(self);
        long until = deadline(Math.max(0, duration));
        if (until == Long.MAX_VALUE) {
            // Sleeping forever is waiting for cancellation; no event could ever end it.
            park(self, WaitKind.SLEEP, null, until);
        } else {
            Event timer = kernel.wake(self, until, self.name);
            park(self, WaitKind.SLEEP, null, until);
            timer.cancel();
        }
        checkInterrupts(self);
    }

    // ---- Tasks ----

    @Override
    public <T> Task<T> fork(String name, TaskBody<T> body) {
        return spawn(name, body);
    }

    @Override
    public <T> T await(Task<T> task, Duration timeout) {
        SimProcess<T> t = own(task);
        SimProcess<?> self = requireCurrent("await");
        if (!t.isDone()) {
            checkInterrupts(self);
            long until = deadline(nanos(timeout));
            t.waiters.add(self);
            Event timer = until == Long.MAX_VALUE ? null : kernel.wake(self, until, self.name);
            park(self, WaitKind.AWAIT, t, until);
            t.waiters.remove(self);
            if (timer != null) {
                timer.cancel();
            }
            if (self.killed) {
                throw new KilledError();
            }
            if (!t.isDone()) {
                checkInterrupts(self);
                throw new DeadlineExceededException("awaiting " + t.name + ": deadline of " + timeout + " exceeded");
            }
        }
        t.observed = true;
        if (t.failure != null) {
            throw TaskFailedException.propagate(t.name, t.failure);
        }
        return t.result;
    }

    @Override
    public int awaitAny(List<? extends Task<?>> tasks, Duration timeout) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("awaitAny needs at least one task");
        }
        List<SimProcess<?>> ps = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            ps.add(own(t));
        }
        int done = firstDone(ps);
        if (done >= 0) {
            return done;
        }
        SimProcess<?> self = requireCurrent("awaitAny");
        checkInterrupts(self);
        long until = deadline(nanos(timeout));
        for (SimProcess<?> p : ps) {
            p.waiters.add(self);
        }
        Event timer = until == Long.MAX_VALUE ? null : kernel.wake(self, until, self.name);
        park(self, WaitKind.AWAIT_ANY, ps, until);
        for (SimProcess<?> p : ps) {
            p.waiters.remove(self);
        }
        if (timer != null) {
            timer.cancel();
        }
        if (self.killed) {
            throw new KilledError();
        }
        done = firstDone(ps);
        if (done >= 0) {
            return done;
        }
        checkInterrupts(self);
        throw new DeadlineExceededException("awaiting any of " + ps.size() + " tasks: deadline of " + timeout + " exceeded");
    }

    private static int firstDone(List<SimProcess<?>> ps) {
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).isDone()) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private <T> SimProcess<T> own(Task<T> task) {
        if (task instanceof SimProcess<T> p && p.runtime == this) {
            return p;
        }
        throw new IllegalArgumentException("task " + task.name() + " does not belong to this simulation");
    }

    @Override
    public TaskGroup group(String name, int limit, boolean cancelOnError) {
        if (limit < 1) {
            throw new IllegalArgumentException("task group " + name + ": limit must be >= 1, was " + limit);
        }
        SimProcess<?> owner = current;
        boolean detached = owner != null && owner.shieldDepth > 0;
        boolean bornCancelled = owner != null && !detached && owner.cancelRequested;
        return new SimTaskGroup(this, name, limit, cancelOnError, owner, detached, bornCancelled);
    }

    @Override
    public boolean cancelled() {
        SimProcess<?> self = current;
        return self != null && self.cancelRequested && self.shieldDepth == 0;
    }

    @Override
    public <T> T withoutCancel(TaskBody<T> body) {
        SimProcess<?> self = requireCurrent("withoutCancel");
        self.shieldDepth++;
        try {
            return body.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new TaskFailedException(self.name, e);
        } finally {
            self.shieldDepth--;
        }
    }

    /**
     * Cancels {@code p}, the task groups it created and the processes it started (except
     * those started inside {@code withoutCancel}), and wakes it if it is parked outside
     * {@code withoutCancel}.
     */
    void cancel(SimProcess<?> p) {
        if (p.isDone() || p.cancelRequested) {
            return;
        }
        p.cancelRequested = true;
        for (SimTaskGroup g : new ArrayList<>(p.groups)) {
            if (!g.detached) {
                g.cancel();
            }
        }
        for (SimProcess<?> c : new ArrayList<>(p.children)) {
            if (!c.detached) {
                cancel(c);
            }
        }
        if (p.state == SimProcess.State.PARKED && p.shieldDepth == 0) {
            kernel.wake(p, kernel.nowNanos(), p.name);
        }
    }

    /** Parks the calling process until {@code group} has nothing queued or running. */
    void awaitGroup(SimTaskGroup group) {
        SimProcess<?> self = requireCurrent("TaskGroup.await");
        while (!group.idle()) {
            checkInterrupts(self);
            group.waiters.add(self);
            park(self, WaitKind.GROUP, group, Long.MAX_VALUE);
            group.waiters.remove(self);
        }
        if (self.killed) {
            throw new KilledError();
        }
    }

    void wakeGroupWaiters(SimTaskGroup group) {
        for (SimProcess<?> w : group.waiters) {
            kernel.wake(w, kernel.nowNanos(), w.name);
        }
    }

    // ---- ProcessRegistry ----

    @Override
    public List<String> parkedProcesses() {
        List<String> out = new ArrayList<>();
        for (SimProcess<?> p : live.values()) {
            if (p.state == SimProcess.State.PARKED) {
                out.add(p + " waits for " + describeWait(p));
            }
        }
        return out;
    }

    private static String describeWait(SimProcess<?> p) {
        if (p.waitKind == null) {
            return "nothing";
        }
        String until = p.waitUntil == Long.MAX_VALUE ? "" : " (deadline " + Duration.ofNanos(p.waitUntil) + ")";
        return switch (p.waitKind) {
            case SLEEP -> p.waitUntil == Long.MAX_VALUE ? "cancellation (sleeping forever)" : "sleep until " + Duration.ofNanos(p.waitUntil);
            case AWAIT -> "task " + p.waitWhat + until;
            case AWAIT_ANY -> "any of tasks " + p.waitWhat + until;
            case GROUP -> "task group " + p.waitWhat;
        };
    }

    /**
     * Failures nobody observed so far: processes that failed and were never awaited, and task
     * groups whose failure was never awaited. Awaiting them later still counts.
     */
    @Override
    public List<Throwable> unobservedFailures() {
        List<Throwable> out = new ArrayList<>();
        failed.removeIf(p -> p.observed);
        for (SimProcess<?> p : failed) {
            out.add(new IllegalStateException("process " + p + " failed and nobody awaited it: " + p.failure, p.failure));
        }
        failedGroups.removeIf(SimTaskGroup::observed);
        for (SimTaskGroup g : failedGroups) {
            Throwable f = g.firstFailure();
            out.add(new IllegalStateException("task group " + g.name() + " failed and nobody awaited it: " + f, f));
        }
        return out;
    }

    /** Processes started and not finished. */
    public int liveCount() {
        return live.size();
    }

    /**
     * Unwinds every live process (their blocking calls throw {@link KilledError}) so that no
     * thread outlives the simulation: when it returns, every process is done and the threads of
     * the processes it unwound have ended. Call after the last run, from the driving thread; the
     * kernel fires no events meanwhile. Processes spawned while unwinding never start.
     */
    public void shutdown() {
        if (kernel.isRunning()) {
            throw new IllegalStateException("shutdown must be called after the last run, not during one");
        }
        shuttingDown = true;
        while (!live.isEmpty()) {
            SimProcess<?> p = live.firstEntry().getValue();
            p.killed = true;
            if (p.state == SimProcess.State.NEW) {
                live.remove(p.id);
                if (p.parent != null) {
                    p.parent.children.remove(p);
                }
                p.state = SimProcess.State.DONE;
                p.failure = new KilledError();
                p.observed = true;
                continue;
            }
            kernel.unwind(p);
            if (p.isDone()) {
                join(p.thread());
            }
        }
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
