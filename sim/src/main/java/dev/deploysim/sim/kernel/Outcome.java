package dev.deploysim.sim.kernel;

/** Why a kernel run stopped. */
public enum Outcome {
    /** No events left and no process waiting: everything finished. */
    QUIESCENT,
    /** The time limit was reached with events still pending. */
    TIME_LIMIT,
    /** The event budget ran out: a clear verdict instead of a hang. */
    EVENT_BUDGET_EXHAUSTED,
    /** No events left but processes are parked waiting for something that cannot happen. */
    DEADLOCK,
    /** An event action threw, or a process failed and nobody awaited it. */
    FAILED
}
