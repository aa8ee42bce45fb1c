package dev.deploysim.sim.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A discrete-event simulation kernel. Virtual time is a {@code long} of nanoseconds starting at
 * 0; events fire in (time, sequence) order and actions run one at a time. There is no static
 * state: independent kernels run side by side on different threads.
 *
 * <p>Processes ({@code sim.process}) are virtual threads that take turns holding the kernel's
 * {@link Baton}. The event loop runs on whichever thread holds the baton: when a process
 * blocks, its own thread keeps firing events until one wakes another process, then hands over
 * and parks. That makes a process switch one unpark and one park, with no scheduler thread in
 * between; a wake-up of the process that is already running costs nothing. The thread that
 * calls {@code run} carries the process threads itself ({@link Carrier}), so a simulation runs
 * on one core and a hand-off wakes no other OS thread.
 */
public final class Kernel {

    /** Something the kernel can ask about parked processes for a deadlock report. */
    public interface ProcessRegistry {
        /** One line per live, parked process: its name and what it waits for. */
        List<String> parkedProcesses();

        /** Failures of processes that nobody awaited, in the order they happened. */
        List<Throwable> unobservedFailures();
    }

    private final EventQueue queue = new EventQueue();
    private final Carrier carrier;
    private final Baton baton;
    private long now;
    private long nextSeq;
    private long traceHash = 0xcbf29ce484222325L;
    private long eventsTotal;
    private ProcessRegistry processes;

    // State of the run in progress; read and written only by the baton holder.
    private boolean running;
    private Holder driver;
    private long runLimitTime;
    private long runEventBudget;
    private long runEvents;
    private Outcome stopOutcome;
    private String stopDetail;
    private Throwable stopFailure;

    /**
     * A kernel whose process threads are carried by the thread that runs it, where the JVM
     * allows it ({@link #ownCarrier()}), else by the JDK's shared virtual-thread scheduler.
     */
    public Kernel() {
        this(true);
    }

    private Kernel(boolean ownCarrier) {
        carrier = new Carrier(ownCarrier);
        baton = new Baton(carrier);
    }

    /**
     * A kernel whose process threads run on the JDK's shared virtual-thread scheduler, as every
     * kernel does where the JVM does not open {@code java.lang}: for tests and measurements of
     * that fallback. Runs are identical either way.
     */
    public static Kernel onSharedScheduler() {
        return new Kernel(false);
    }

    /** Whether this kernel's process threads run on the thread that drives it (else: the shared scheduler). */
    public boolean ownCarrier() {
        return carrier.own();
    }

    /** Whether kernels get their own carrier in this JVM (see {@link Carrier}). */
    public static boolean ownCarrierAvailable() {
        return Carrier.OWN_CARRIER_AVAILABLE;
    }

    /**
     * An unstarted virtual thread for a process of this kernel, named {@code name}, running
     * {@code body}; {@link Holder#launch()} implementations call it.
     */
    public Thread newProcessThread(String name, Runnable body) {
        return carrier.newThread(name, body);
    }

    /** Virtual time in nanoseconds. */
    public long nowNanos() {
        return now;
    }

    /** Virtual time since the start of the simulation. */
    public Duration now() {
        return Duration.ofNanos(now);
    }

    /** Events fired since the kernel was created. */
    public long eventsExecuted() {
        return eventsTotal;
    }

    /**
     * A hash over every fired event's time and label, in firing order: equal for two runs that
     * fired the same events at the same times.
     */
    public long traceHash() {
        return traceHash;
    }

    /** Events still queued (stale process wake-ups may be counted until they reach the head; cancelled events leave at once). */
    public int pending() {
        return queue.size();
    }

    /** Registers the process runtime that answers deadlock questions; at most one. */
    public void attach(ProcessRegistry registry) {
        if (processes != null) {
            throw new IllegalStateException("a process registry is already attached");
        }
        processes = Objects.requireNonNull(registry);
    }

    /** Schedules {@code action} at absolute virtual time {@code atNanos} (not before now). */
    public Event schedule(long atNanos, String label, Runnable action) {
        Objects.requireNonNull(action, "action");
        return enqueue(atNanos, label, action, null, 0);
    }

    /** Schedules {@code action} {@code delay} from now. */
    public Event scheduleAfter(Duration delay, String label, Runnable action) {
        return schedule(now + toNanos(delay), label, action);
    }

    /** Schedules {@code action} {@code delayNanos} from now. */
    public Event scheduleAfterNanos(long delayNanos, String label, Runnable action) {
        return schedule(now + delayNanos, label, action);
    }

    /**
     * {@link #schedule(long, String, Runnable)} with the label {@code label + subject}, which is
     * built only if someone asks for it (a report, a failure): hot paths label events by machine
     * without concatenating a string per event. Fires and hashes exactly like the joined label.
     */
    public Event schedule(long atNanos, String label, String subject, Runnable action) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        if (atNanos < now) {
            throw new IllegalArgumentException("cannot schedule '" + label + subject + "' at " + atNanos
                    + "ns, before now (" + now + "ns)");
        }
        Event e = new Event(atNanos, nextSeq++, label, subject, action, null, 0);
        queue.add(e);
        return e;
    }

    /** {@link #schedule(long, String, String, Runnable)} {@code delayNanos} from now. */
    public Event scheduleAfterNanos(long delayNanos, String label, String subject, Runnable action) {
        return schedule(now + delayNanos, label, subject, action);
    }

    // ---- the process interface: used by sim.process, never by models ----

    /**
     * Schedules a wake-up of {@code holder} at {@code atNanos}, for its current (or next) park:
     * the first wake-up to fire ends that park, the others become stale and are skipped.
     */
    public Event wake(Holder holder, long atNanos, String label) {
        return enqueue(atNanos, label, null, holder, holder.parkToken);
    }

    /**
     * Parks the calling process {@code self} (which holds the baton) until one of the wake-ups
     * for its current park fires; meanwhile this thread fires events and hands over as needed.
     */
    public void park(Holder self) {
        loop(self, false);
        self.parkToken++; // the park is over: any other wake-up scheduled for it is now stale
    }

    /** Called by a finishing process on its own thread: hands the baton on; the thread may then end. */
    public void exit(Holder self) {
        self.parkToken++;
        loop(self, true);
    }

    /**
     * Called first on a newly launched process thread: waits for the first turn, which ends the
     * "park" the process was created in (its start-up wake-up).
     */
    public void awaitFirstTurn(Holder self) {
        baton.awaitTurn(self);
        self.parkToken++;
    }

    /**
     * Outside a run, lets {@code target} (a parked process) take one turn with event firing
     * switched off, and waits until it hands the baton back: shutdown uses it to unwind
     * processes one at a time. Returns when the target parks again or exits.
     */
    public void unwind(Holder target) {
        if (running) {
            throw new IllegalStateException("cannot unwind processes while the kernel runs");
        }
        if (needsPlatformDriver()) {
            Carrier.onPlatformThread(() -> {
                unwind(target);
                return null;
            });
            return;
        }
        Holder self = new Holder() {
            @Override
            protected Thread launch() {
                throw new IllegalStateException("the unwinding thread already runs");
            }

            @Override
            public String toString() {
                return "shutdown";
            }
        };
        self.thread = Thread.currentThread();
        self.drives = true;
        driver = self;
        stopOutcome = Outcome.QUIESCENT; // fire no events while unwinding
        stopDetail = "shutdown";
        baton.claim(self);
        baton.handTo(target);
        baton.awaitTurn(self);
        driver = null;
    }

    private Event enqueue(long at, String label, Runnable action, Holder target, long token) {
        if (at < now) {
            throw new IllegalArgumentException("cannot schedule '" + label + "' at " + at + "ns, before now (" + now + "ns)");
        }
        Event e = new Event(at, nextSeq++, label, action, target, token);
        queue.add(e);
        return e;
    }

    static long toNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** Runs until no events remain. */
    public RunResult runUntilQuiescent() {
        return run(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Runs events up to and including {@code limit}, then sets the clock to it if it is later. */
    public RunResult runUntil(Duration limit) {
        return run(toNanos(limit), Long.MAX_VALUE);
    }

    /**
     * Runs until quiescent, until virtual time would pass {@code limitNanos}, or until
     * {@code eventBudget} events have fired, whichever comes first. Must be called from a thread
     * that is not a process of this kernel, and not while another run is in progress.
     */
    public RunResult run(long limitNanos, long eventBudget) {
        if (running) {
            throw new IllegalStateException("kernel is already running");
        }
        if (needsPlatformDriver()) {
            return Carrier.onPlatformThread(() -> run(limitNanos, eventBudget));
        }
        Holder self = new Holder() {
            @Override
            protected Thread launch() {
                throw new IllegalStateException("the driver's thread already runs");
            }

            @Override
            public String toString() {
                return "driver";
            }
        };
        self.thread = Thread.currentThread();
        self.drives = true;
        driver = self;
        running = true;
        runLimitTime = limitNanos;
        runEventBudget = eventBudget;
        runEvents = 0;
        stopOutcome = null;
        stopDetail = "";
        stopFailure = null;
        baton.claim(self);
        loop(self, false);
        // The baton is ours again: the run has stopped.
        running = false;
        driver = null;
        if (stopOutcome == Outcome.TIME_LIMIT && now < runLimitTime) {
            now = runLimitTime;
        }
        return new RunResult(stopOutcome, now, runEvents, stopDetail, Optional.ofNullable(stopFailure));
    }

    /** A virtual thread cannot carry others: an own carrier needs a platform thread to drive it. */
    private boolean needsPlatformDriver() {
        return carrier.own() && Thread.currentThread().isVirtual();
    }

    /**
     * Fires events on the calling thread, which holds the baton as {@code self}, until an event
     * wakes {@code self} (return: the caller continues) or another holder must run (hand over,
     * then park until woken, then return). A finished process passes {@code exiting} and returns
     * right after handing over, letting its thread end.
     */
    void loop(Holder self, boolean exiting) {
        while (true) {
            Event e = nextEvent();
            Holder next;
            if (e == null) {
                next = driver;
            } else {
                now = e.time;
                runEvents++;
                eventsTotal++;
                traceHash = mix(traceHash, e.time, e.labelHash());
                if (e.target == null) {
                    try {
                        e.action.run();
                    } catch (Throwable t) {
                        stop(Outcome.FAILED, "event '" + e.label() + "' at " + Duration.ofNanos(e.time) + " threw " + t, t);
                    }
                    continue;
                }
                next = e.target;
            }
            if (next == self) {
                if (exiting) {
                    // Cannot happen: an exiting holder's wake-ups are all stale. Guard anyway, as
                    // returning here would end the thread while it holds the baton.
                    throw new IllegalStateException(self + " woken after it exited");
                }
                return;
            }
            baton.handTo(next);
            if (exiting) {
                return;
            }
            baton.awaitTurn(self);
            return;
        }
    }

    /**
     * The next event to fire, removed from the queue, or null when the run must stop (the
     * verdict is then set). Cancelled events and stale wake-ups are dropped on the way: they
     * neither fire nor count against the budget nor move the clock.
     */
    private Event nextEvent() {
        if (stopOutcome != null) {
            return null;
        }
        EventQueue q = queue;
        while (true) {
            Event head = q.peek();
            if (head == null) {
                finishQuiet();
                return null;
            }
            if (head.cancelled || (head.target != null && head.target.parkToken != head.token)) {
                q.poll();
                continue;
            }
            if (head.time > runLimitTime) {
                stop(Outcome.TIME_LIMIT, "time limit " + Duration.ofNanos(runLimitTime) + " reached", null);
                return null;
            }
            if (runEvents >= runEventBudget) {
                stop(Outcome.EVENT_BUDGET_EXHAUSTED, "event budget of " + runEventBudget + " events exhausted at "
                        + Duration.ofNanos(now) + " with " + q.size() + " events pending; next: " + head.label(), null);
                return null;
            }
            return q.poll();
        }
    }

    private void finishQuiet() {
        List<String> parked = processes == null ? List.of() : processes.parkedProcesses();
        if (!parked.isEmpty()) {
            StringBuilder sb = new StringBuilder("deadlock at ").append(Duration.ofNanos(now))
                    .append(": no events pending and ").append(parked.size()).append(" process(es) parked:");
            for (String p : parked) {
                sb.append("\n  ").append(p);
            }
            stop(Outcome.DEADLOCK, sb.toString(), null);
        } else {
            stop(Outcome.QUIESCENT, "quiescent at " + Duration.ofNanos(now), null);
        }
    }

    /** Ends the run in progress after the current event, with the given verdict (first one wins). */
    public void stop(Outcome outcome, String detail, Throwable failure) {
        if (stopOutcome == null) {
            // Lost failures are judged only when nothing more can happen: at a time limit or an
            // exhausted budget, a waiting process may still await the failed one later.
            if ((outcome == Outcome.QUIESCENT || outcome == Outcome.DEADLOCK) && processes != null) {
                List<Throwable> lost = processes.unobservedFailures();
                if (!lost.isEmpty()) {
                    Throwable first = lost.get(0);
                    List<String> lines = new ArrayList<>();
                    for (Throwable t : lost) {
                        lines.add(String.valueOf(t));
                    }
                    stopOutcome = Outcome.FAILED;
                    stopDetail = "unobserved process failure(s): " + String.join("; ", lines)
                            + (outcome == Outcome.DEADLOCK ? "\nand then " + detail : "");
                    stopFailure = first;
                    return;
                }
            }
            stopOutcome = outcome;
            stopDetail = detail;
            stopFailure = failure;
        }
    }

    /** Whether a run is in progress (true while processes execute). */
    public boolean isRunning() {
        return running;
    }

    Baton baton() {
        return baton;
    }

    private static long mix(long h, long time, int labelHash) {
        h ^= time;
        h *= 0x100000001b3L;
        h ^= labelHash;
        h *= 0x100000001b3L;
        h ^= h >>> 29;
        return h;
    }
}
