/**
 * The observation log: typed, time-stamped facts the simulated world appends as a run unfolds
 * (machine states, registration, the proxy's view, checks, API calls, probes, strategy steps,
 * faults, the deploy's start and end), the trace hash that identifies a run, and what is derived
 * from the log alone — the serving timeline ({@code serving(t)}) and probe statistics. Checkers
 * and reports read only this package's types, never the world's internals.
 */
package dev.deploysim.sim.observe;
