package dev.deploysim.sim.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for long sweeps: {@code [######......] 120/300 runs, 4 s,
 * about 6 s left}. It redraws in place (carriage return) at most ten times a second, stays silent
 * for sweeps that finish within half a second, and erases itself when done, so that what is left
 * on the terminal is the report; asked for explicitly ({@code --progress}), it draws from the
 * first run on. Disabled, it does nothing. Wall-clock time is fine here: it never reaches a run or
 * stdout.
 */
final class Progress {
    private static final long QUIET_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 28;

    private final PrintWriter err;
    private final boolean enabled;
    private final long quietNanos;
    private final int total;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    /**
     * @param enabled whether to draw at all
     * @param forced whether it was asked for (draw at once) rather than chosen because stderr is a terminal
     */
    Progress(PrintWriter err, boolean enabled, boolean forced, int total) {
        this.err = err;
        this.enabled = enabled;
        this.quietNanos = forced ? 0 : QUIET_NANOS;
        this.total = total;
    }

    /** Shows {@code done} of the total runs finished, if it is time to redraw. */
    synchronized void update(int done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - startNanos < quietNanos || (drawn && now - lastDraw < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double elapsed = (now - startNanos) / 1e9;
        int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
        StringBuilder sb = new StringBuilder("\r[");
        sb.append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ").append(done).append('/').append(total)
                .append(" runs, ").append(String.format(Locale.ROOT, "%.0f s", elapsed));
        if (done > 0 && done < total) {
            sb.append(String.format(Locale.ROOT, ", about %.0f s left", elapsed / done * (total - done)));
        }
        sb.append("   ");
        err.print(sb);
        err.flush();
    }

    /** Erases the bar, if one was drawn. */
    synchronized void clear() {
        if (enabled && drawn) {
            err.print("\r" + " ".repeat(BAR + 60) + "\r");
            err.flush();
            drawn = false;
        }
    }
}
