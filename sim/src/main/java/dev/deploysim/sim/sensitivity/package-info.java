/**
 * Sensitivity analysis: which platform assumption a verdict hinges on. {@link
 * dev.deploysim.sim.sensitivity.Parameters} names every platform knob with the range its profiles
 * span ({@code ideal}, {@code fly}, {@code fly-2024}, {@code adverse}); a
 * {@link dev.deploysim.sim.sensitivity.Parameter} sets one of them (a distribution by scaling it,
 * so its shape stays and its median moves) at a fixed number of points; a
 * {@link dev.deploysim.sim.sensitivity.Metric} reads a compare row; a
 * {@link dev.deploysim.sim.sensitivity.Verdict} is a yes/no question about a row, whose flip
 * {@code --find-threshold} bisects for; {@link dev.deploysim.sim.sensitivity.Tornado} is the result
 * and its text, JSON, CSV and page. Pure functions of finished runs; the sweep itself is the CLI's.
 */
package dev.deploysim.sim.sensitivity;
