package dev.deploysim.sim.process;

/**
 * Unwinds a process whose kernel is being shut down. An {@link Error} so that code catching
 * {@code Exception} (strategies do) cannot swallow it.
 */
public final class KilledError extends Error {
    private static final long serialVersionUID = 1L;

    KilledError() {
        super("process killed: the simulation was shut down", null, false, false);
    }
}
