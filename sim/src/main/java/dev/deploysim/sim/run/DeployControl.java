package dev.deploysim.sim.run;

import dev.deploysim.sim.process.SimProcess;

/**
 * The deploy as faults see it: when it starts and ends, and a way to abort it (Ctrl-C), which
 * cancels the deploy process so that its blocking calls throw {@code CancelledException}.
 */
public final class DeployControl {
    private SimProcess<?> process;
    private long startNanos = -1;
    private long endNanos = -1;
    private boolean aborted;

    void started(SimProcess<?> deployProcess, long atNanos) {
        this.process = deployProcess;
        this.startNanos = atNanos;
    }

    void finished(long atNanos) {
        this.endNanos = atNanos;
    }

    /** Aborts the deploy as Ctrl-C would; no-op before it started or after it ended. */
    public void abort() {
        if (process != null && !process.isDone()) {
            aborted = true;
            process.cancel();
        }
    }

    /** Whether {@link #abort()} reached a running deploy. */
    public boolean aborted() {
        return aborted;
    }

    /** When the deploy started, or -1. */
    public long startNanos() {
        return startNanos;
    }

    /** When the deploy ended, or -1 while it runs. */
    public long endNanos() {
        return endNanos;
    }
}
