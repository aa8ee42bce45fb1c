/**
 * The {@code deploysim} command line: {@link dev.deploysim.sim.cli.Main} parses arguments with
 * picocli, registers every subcommand explicitly, maps outcomes to exit codes
 * ({@link dev.deploysim.sim.cli.ExitCodes}) and turns every bad input into one line on stderr naming
 * the field and the fix. Commands that need no simulation ({@code validate},
 * {@code scenario-defaults}) are complete; {@code run}, {@code compare}, {@code explore} and
 * {@code replay} parse and validate their input into request records and hand them to
 * {@link dev.deploysim.sim.cli.Actions}, which the runner will implement. This package is the edge
 * where terminals, files and wall-clock progress meet the deterministic core, so the determinism
 * guard does not apply here; nothing here feeds a run's trace.
 */
package dev.deploysim.sim.cli;
