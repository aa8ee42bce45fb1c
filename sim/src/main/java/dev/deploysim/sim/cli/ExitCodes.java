package dev.deploysim.sim.cli;

/** The process exit codes of {@code deploysim}: the same for every command. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A promised invariant was violated (run, replay) or a counterexample was found (explore). */
    public static final int VIOLATION = 1;
    /** Bad input: a scenario, fly.toml, option or argument that cannot be used. */
    public static final int BAD_INPUT = 2;
    /** A bug or an environment failure inside deploysim. */
    public static final int INTERNAL = 3;
    /**
     * Interrupted (Ctrl-C) before it finished: what a shell reports for SIGINT anyway. Only
     * {@code compare} and {@code explore} return it themselves, after printing the rows that
     * finished or the tries so far.
     */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
