/**
 * The model's concurrency ports on real time: {@link dev.deploysim.realtime.RealTasks} runs
 * tasks on virtual threads, sleeps and awaits against {@link java.time.Clock} and
 * {@link System#nanoTime()}, and keeps the simulated runtime's semantics (task groups,
 * cancellation, {@code withoutCancel}), as one contract test suite checks for both. It exists
 * to show that strategies are not tied to the simulator, and is exempt from the determinism
 * guard for that reason.
 */
package dev.deploysim.realtime;
