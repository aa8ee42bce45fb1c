/**
 * Blocking-style processes on the kernel: each is a virtual thread, exactly one runs at a time,
 * and every blocking call (sleep, await, a task group's wait) schedules its wake-up and parks.
 * {@link dev.deploysim.sim.process.Processes} implements the model's {@code Clock} and
 * {@code Tasks} ports, so strategies run on it unchanged.
 */
package dev.deploysim.sim.process;
