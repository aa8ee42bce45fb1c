package dev.deploysim.sim.cli;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.scenario.Scenario;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A one-line progress display on stderr for one long run: {@code run: 131.0 s simulated, 6,400 of
 * 10,000 machines started on the new image, 4 s}. It watches the run's observations as they are
 * appended (it only reads them: the run is the same run with or without it), redraws in place at
 * most ten times a second, stays silent for runs that finish within half a second, and erases
 * itself when the run ends, so that what is left on the terminal is the report. Asked for
 * explicitly ({@code --progress}), it draws from the first redraw on. Disabled, it is not
 * subscribed at all. Wall-clock time is fine here: it never reaches a run or stdout.
 */
final class RunProgress implements Consumer<Observation> {
    private static final long QUIET_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    /** Observations between two looks at the wall clock (a clock read per observation would cost more than the run's hashing). */
    private static final int CHECK_EVERY = 1024;

    private final PrintWriter err;
    private final long quietNanos;
    private final String newImage;
    private final int machines;
    private final long startNanos = System.nanoTime();
    /** Machines seen started on the new image: in-place updates and new machines alike. */
    private final TreeSet<String> updated = new TreeSet<>();
    private long virtualNanos;
    private int sinceCheck;
    private long lastDraw;
    private boolean drawn;

    /** @param forced whether it was asked for (draw at once) rather than chosen because stderr is a terminal */
    RunProgress(PrintWriter err, boolean forced, Scenario scenario) {
        this.err = err;
        this.quietNanos = forced ? 0 : QUIET_NANOS;
        this.newImage = scenario.app().newImage();
        this.machines = RunSummary.startedMachines(scenario.app());
    }

    @Override
    public void accept(Observation o) {
        virtualNanos = o.atNanos();
        switch (o) {
            case Observation.MachineStateChanged c -> {
                if (c.to() == MachineState.STARTED && c.image().equals(newImage)) {
                    updated.add(c.machineId());
                }
            }
            case Observation.MachineLaunched l -> {
                if (l.state() == MachineState.STARTED && l.image().equals(newImage)) {
                    updated.add(l.machineId());
                }
            }
            default -> { }
        }
        if (++sinceCheck >= CHECK_EVERY) {
            sinceCheck = 0;
            draw(false);
        }
    }

    /** The line as it would be drawn now. */
    String line() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "run: %,.1f s simulated, %,d of %,d machines started on the new image, %.0f s",
                virtualNanos / 1e9, updated.size(), machines, elapsed);
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && (now - startNanos < quietNanos || (drawn && now - lastDraw < REDRAW_NANOS))) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + line() + "   ");
        err.flush();
    }

    /** Erases the line, if one was drawn. */
    void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(line().length() + 3) + "\r");
            err.flush();
            drawn = false;
        }
    }
}
