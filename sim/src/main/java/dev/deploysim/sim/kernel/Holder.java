package dev.deploysim.sim.kernel;

/**
 * A thread that can hold the kernel's baton: the driver calling {@code run}, or a process.
 * Processes subclass it; the kernel keeps the thread and the park token.
 */
public abstract class Holder {
    Thread thread;
    /** Identifies the current park; wake-ups scheduled for an earlier park are stale. */
    long parkToken;
    /** A thread driving the kernel (a run's caller, shutdown): it carries the process threads while it waits. */
    boolean drives;

    /**
     * Creates this holder's thread, unstarted; the kernel publishes and starts it on the first
     * hand-over to the holder. The new thread must call {@link Kernel#awaitFirstTurn(Holder)} first.
     */
    protected abstract Thread launch();

    /** The holder's thread, or null before its first turn. */
    public final Thread thread() {
        return thread;
    }
}
