package dev.deploysim.sim.run;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.observe.ServingTimeline;

/**
 * The numbers a run is judged and compared by, all derived from its observation log.
 *
 * @param deploySeconds from deploy start to deploy end (to the end of the run if it never ended)
 * @param minServing the fewest machines serving at any instant from deploy start to the end of the run
 * @param zeroServingSeconds total time with no machine serving over the same window
 * @param probes every probe of the run
 * @param peakMachines the most machines that existed at once (launched, not yet destroyed)
 * @param machineSeconds the integral of existing machines over the deploy: the cost of surge
 */
public record RunMetrics(double deploySeconds, int minServing, double zeroServingSeconds, ProbeStats probes,
                         int peakMachines, double machineSeconds) {

    /** Computes the metrics of the window [deployStart, deployEnd] / [deployStart, runEnd]. */
    public static RunMetrics of(ObservationLog log, long deployStartNanos, long deployEndNanos, long runEndNanos) {
        long end = deployEndNanos >= 0 ? deployEndNanos : runEndNanos;
        ServingTimeline timeline = ServingTimeline.of(log);
        int minServing = timeline.minServing(deployStartNanos, runEndNanos);
        long zero = timeline.zeroServingNanos(deployStartNanos, runEndNanos);
        int live = 0;
        int peak = 0;
        long lastT = deployStartNanos;
        double machineNanos = 0;
        for (Observation o : log) {
            int delta;
            if (o instanceof Observation.MachineLaunched) {
                delta = 1;
            } else if (o instanceof Observation.MachineDestroyed) {
                delta = -1;
            } else {
                continue;
            }
            long t = o.atNanos();
            if (t > deployStartNanos) {
                long segEnd = Math.min(t, end);
                if (segEnd > lastT) {
                    machineNanos += (double) live * (segEnd - lastT);
                    lastT = segEnd;
                }
            }
            live += delta;
            peak = Math.max(peak, live);
        }
        if (end > lastT) {
            machineNanos += (double) live * (end - lastT);
        }
        return new RunMetrics((end - deployStartNanos) / 1e9, minServing, zero / 1e9, ProbeStats.of(log), peak,
                machineNanos / 1e9);
    }
}
