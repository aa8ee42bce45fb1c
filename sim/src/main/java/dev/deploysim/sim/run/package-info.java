/**
 * Runs one scenario end to end: builds the kernel, random streams and world from the scenario,
 * seeds the app, starts the prober, schedules the faults, runs the strategy as a process, lets
 * the world settle, then derives the metrics and checks the invariants from the observation log.
 */
package dev.deploysim.sim.run;
