package dev.deploysim.sim.verify;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The flyctl updates in flight, read from the step log: a machine's update is in flight from its
 * {@code updateMachine} step (flyctl's updateMachine, logged as it begins) to its
 * {@code machineUpdateSucceeded} or {@code machineUpdateFailed} step (or the end of the log). Counted
 * in log order, which is the order things happened in at one instant, so an update that ends as
 * another begins is not counted twice.
 */
final class UpdatesInFlight {
    /** The most updates of machines {@code counted} accepts in flight at once. */
    final int peak;
    /** When the peak was first reached, or -1 if no update began. */
    final long peakAt;
    /** Whether any update began. */
    final boolean any;

    private UpdatesInFlight(int peak, long peakAt, boolean any) {
        this.peak = peak;
        this.peakAt = peakAt;
        this.any = any;
    }

    /** The updates of machines {@code counted} accepts (by machine ID), over {@code log}. */
    static UpdatesInFlight of(Iterable<Observation> log, Predicate<String> counted) {
        Set<String> open = new TreeSet<>();
        int peak = 0;
        long peakAt = -1;
        boolean any = false;
        for (Observation o : log) {
            if (!(o instanceof StrategyStep s) || s.machineId() == null || !counted.test(s.machineId())) {
                continue;
            }
            if (s.step().equals(Steps.UPDATE_MACHINE)) {
                any = true;
                open.add(s.machineId());
                if (open.size() > peak) {
                    peak = open.size();
                    peakAt = s.atNanos();
                }
            } else if (s.step().equals(Steps.UPDATE_SUCCEEDED) || s.step().equals(Steps.UPDATE_FAILED)) {
                open.remove(s.machineId());
            }
        }
        return new UpdatesInFlight(peak, peakAt, any);
    }

    /** Whether the log has a step named {@code step}. */
    static boolean hasStep(Iterable<Observation> log, String step) {
        for (Observation o : log) {
            if (o instanceof StrategyStep s && s.step().equals(step)) {
                return true;
            }
        }
        return false;
    }
}
