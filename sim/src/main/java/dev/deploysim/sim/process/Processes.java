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
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The process runtime of one kernel, and the simulated implementation of the model's
 * {@link Clock} and {@link Tasks} ports.
 *
 * <p>Blocking calls must come from a process (spawned here); they schedule a wake-up and park.
 * Cancellation is cooperative, like Go's contexts: a cancelled process's current or next
 * blocking call throws {@link CancelledException}, and cancelling a process cancels the
 * processes and task groups it started.
 */
public final class Processes implements Clock, Tasks, Kernel.ProcessRegistry {

    /** Virtual time 0 as an instant: fixed, so that runs never read the wall clock. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    final Kernel kernel;
    private final TreeMap<Long, SimProcess<?>> live = new TreeMap<>();
    private final List<SimProcess<?>> failed = new ArrayList<>();
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

    /** Starts {@code body} as a new process at the current virtual time, after events already due now. */
    public <T> SimProcess<T> spawn(String name, TaskBody<T> body) {
        return spawn(name, body, current);
    }

    <T> SimProcess<T> spawn(String name, TaskBody<T> body, SimProcess<?> parent) {
        SimProcess<T> p = new SimProcess<>(this, nextId++, name, parent, body);
        if (shuttingDown) {
            p.state = SimProcess.State.DONE;
            p.failure = new KilledError();
            p.observed = true;
            return p;
        }
        live.put(p.id, p);
        if (parent != null) {
            parent.children.add(p);
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
        if (shuttingDown) {
            kernel.exit(p);
            return;
        }
        kernel.exit(p);
    }

    <T> void complete(SimProcess<T> p, T value, Throwable failure) {
        p.state = SimProcess.State.DONE;
        p.result = value;
        p.failure = failure;
        if (failure != null && !(failure instanceof KilledError)) {
            failed.add(p);
        }
        for (SimProcess<?> w : p.waiters) {
            kernel.wake(w, kernel.nowNanos(), w.name);
        }
        if (p.group != null) {
            p.group.onDone(p);
        }
    }

    // ---- parking ----

    private SimProcess<?> requireCurrent(String operation) {
        SimProcess<?> self = current;
        if (self == null) {
            throw new IllegalStateException(operation + " must be called from a process, not from an event action");
        }
        return self;
    }

    private void checkInterrupts(SimProcess<?> self) {
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

    private long deadline(Duration timeout) {
        long t = nanos(timeout);
        long now = kernel.nowNanos();
        return t >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + t;
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

    /** {@link #sleep(Duration)} without the boxing. */
    public void sleepNanos(long duration) {
        SimProcess<?> self = requireCurrent("sleep");
        checkInterrupts(self);
        long until = kernel.nowNanos() + duration;
        Event timer = kernel.wake(self, until, self.name);
        park(self, WaitKind.SLEEP, null, until);
        timer.cancel();
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
            long until = deadline(timeout);
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
        long until = deadline(timeout);
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
        SimTaskGroup g = new SimTaskGroup(this, name, limit, cancelOnError, current);
        if (current != null) {
            current.groups.add(g);
        }
        return g;
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

    /** Cancels {@code p}, the processes it started and its task groups. */
    void cancel(SimProcess<?> p) {
        if (p.isDone() || p.cancelRequested) {
            return;
        }
        p.cancelRequested = true;
        for (SimTaskGroup g : new ArrayList<>(p.groups)) {
            g.cancel();
        }
        for (SimProcess<?> c : new ArrayList<>(p.children)) {
            cancel(c);
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
            group.waiter = self;
            park(self, WaitKind.GROUP, group, Long.MAX_VALUE);
            group.waiter = null;
        }
        if (self.killed) {
            throw new KilledError();
        }
    }

    void wakeGroupWaiter(SimTaskGroup group) {
        if (group.waiter != null) {
            kernel.wake(group.waiter, kernel.nowNanos(), group.waiter.name);
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

    private String describeWait(SimProcess<?> p) {
        if (p.waitKind == null) {
            return "nothing";
        }
        String until = p.waitUntil == Long.MAX_VALUE ? "" : " (deadline " + Duration.ofNanos(p.waitUntil) + ")";
        return switch (p.waitKind) {
            case SLEEP -> "sleep until " + Duration.ofNanos(p.waitUntil);
            case AWAIT -> "task " + p.waitWhat + until;
            case AWAIT_ANY -> "any of " + p.waitWhat + until;
            case GROUP -> "task group " + p.waitWhat;
        };
    }

    @Override
    public List<Throwable> unobservedFailures() {
        List<Throwable> out = new ArrayList<>();
        for (Iterator<SimProcess<?>> it = failed.iterator(); it.hasNext(); ) {
            SimProcess<?> p = it.next();
            if (p.observed) {
                it.remove();
            } else {
                out.add(new IllegalStateException("process " + p + " failed and nobody awaited it: " + p.failure, p.failure));
            }
        }
        return out;
    }

    /** Processes started and not finished. */
    public int liveCount() {
        return live.size();
    }

    /**
     * Unwinds every live process (their blocking calls throw {@link KilledError}) so that no
     * thread outlives the simulation. Call after the last run; the kernel fires no events meanwhile.
     */
    public void shutdown() {
        shuttingDown = true;
        while (!live.isEmpty()) {
            SimProcess<?> p = live.firstEntry().getValue();
            p.killed = true;
            if (p.state == SimProcess.State.NEW) {
                live.remove(p.id);
                p.state = SimProcess.State.DONE;
                continue;
            }
            kernel.unwind(p);
        }
    }
}
