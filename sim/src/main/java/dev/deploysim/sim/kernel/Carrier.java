package dev.deploysim.sim.kernel;

import dev.deploysim.model.SuppressForbidden;
import java.lang.reflect.Constructor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The carrier of one kernel's process threads: the platform thread that drives the kernel runs
 * them itself, so a simulation uses one core and hands the baton over without waking another
 * OS thread.
 *
 * <p>Why: with the JDK's shared virtual-thread scheduler (a {@code ForkJoinPool} with one carrier
 * per core), every hand-off between two processes woke an idle carrier on the other core, which
 * stole the process and left the first carrier spinning; a single simulation burned 1.7 cores at
 * 40% of its one-carrier speed. No public API gives a virtual thread another scheduler, but the
 * JDK's own builder has a constructor taking one (its tests use it); it is reached by reflection
 * and needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which the CLI jar's manifest,
 * Surefire and the JMH forks pass. Without it (another launcher, a JDK without that
 * constructor, a JDK before 24, where a process blocking inside {@code synchronized} would pin
 * the only carrier) processes run on the shared scheduler exactly as before: same runs, same trace
 * hashes, slower on an idle machine. {@link #OWN_CARRIER_AVAILABLE} says which is in use.
 *
 * <p>The scheduler of the kernel's threads is a queue that the driving thread drains while it
 * waits for the baton: a process that hands the baton on parks (its continuation yields back to
 * the driver's loop), the process it unparked was queued, and the driver mounts it next.
 */
final class Carrier implements Executor {

    /** The JDK's {@code VirtualThreadBuilder(Executor)} constructor, or null where unavailable. */
    private static final Constructor<?> BUILDER_WITH_SCHEDULER = builderWithScheduler();

    /** Whether process threads get their kernel's own carrier in this JVM. */
    static final boolean OWN_CARRIER_AVAILABLE = BUILDER_WITH_SCHEDULER != null;

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** A builder of virtual threads scheduled by this carrier, or null: the shared scheduler. */
    private final Thread.Builder.OfVirtual builder;
    /** The thread draining {@link #tasks}, while it is parked waiting for work. */
    private volatile Thread parkedDrainer;

    Carrier(boolean own) {
        this.builder = own ? newBuilder(this) : null;
    }

    /** Whether this carrier runs its threads on the driving thread (false: the shared scheduler). */
    boolean own() {
        return builder != null;
    }

    /** An unstarted virtual thread for a process, scheduled by this carrier when it is own. */
    @SuppressForbidden(reason = "creates a process thread; it runs only while it holds the baton")
    Thread newThread(String name, Runnable body) {
        return (builder != null ? builder : Thread.ofVirtual()).name(name).unstarted(body);
    }

    /** Called by the JDK when one of this carrier's virtual threads is ready to run. */
    @Override
    public void execute(Runnable continuation) {
        tasks.offer(continuation);
        Thread waiting = parkedDrainer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Runs this carrier's ready threads on the calling platform thread until {@code baton} is
     * held by {@code self}; parks when none is ready (a thread of the shared scheduler, or one
     * woken from outside, will hand the baton back or queue work).
     */
    void driveUntil(Baton baton, Holder self) {
        Thread me = Thread.currentThread();
        while (baton.holder() != self) {
            Runnable next = tasks.poll();
            if (next != null) {
                next.run();
                continue;
            }
            parkedDrainer = me;
            if (tasks.isEmpty() && baton.holder() != self) {
                LockSupport.park(this);
            }
            parkedDrainer = null;
        }
    }

    /** Whether the driver is parked in {@link #driveUntil} (a hand-over to it must unpark it). */
    boolean drainerParked() {
        return parkedDrainer != null;
    }

    /** Runs {@code body} on a new platform thread and waits for it: a run driven from a virtual thread. */
    @SuppressForbidden(reason = "the thread that carries a run driven from a virtual thread; the caller waits for it")
    static <T> T onPlatformThread(Supplier<T> body) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("deploysim-kernel").unstarted(() -> {
            try {
                result[0] = body.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
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
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    private static Thread.Builder.OfVirtual newBuilder(Executor scheduler) {
        if (BUILDER_WITH_SCHEDULER == null) {
            return null;
        }
        try {
            return (Thread.Builder.OfVirtual) BUILDER_WITH_SCHEDULER.newInstance(scheduler);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return null;
        }
    }

    private static Constructor<?> builderWithScheduler() {
        if (Runtime.version().feature() < 24) {
            // Before JDK 24 a virtual thread that blocks inside synchronized pins its carrier
            // (JEP 491 lifted that); with one carrier per kernel, a process blocking there
            // would block the whole run. The shared scheduler has a carrier per core.
            return null;
        }
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> k = c.getDeclaredConstructor(Executor.class);
            k.setAccessible(true);
            // Probe once: a JDK whose constructor exists but cannot build still falls back.
            Object probe = k.newInstance((Executor) Runnable::run);
            return probe instanceof Thread.Builder.OfVirtual ? k : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // Not opened to us (no --add-opens), or a JDK without that constructor: shared scheduler.
            return null;
        }
    }
}
