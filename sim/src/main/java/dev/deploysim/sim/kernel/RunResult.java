package dev.deploysim.sim.kernel;

import java.util.Optional;

/**
 * The verdict of one kernel run.
 *
 * @param outcome why it stopped
 * @param nowNanos virtual time at the stop
 * @param eventsExecuted events fired during this run (cancelled ones excluded)
 * @param detail a human-readable report: the deadlock report, the budget hit, the failure
 * @param failure the throwable behind {@link Outcome#FAILED}
 */
public record RunResult(Outcome outcome, long nowNanos, long eventsExecuted, String detail,
                        Optional<Throwable> failure) {

    public boolean ok() {
        return outcome == Outcome.QUIESCENT || outcome == Outcome.TIME_LIMIT;
    }
}
