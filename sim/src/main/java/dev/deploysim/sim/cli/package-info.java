/**
 * The {@code deploysim} command line: {@link dev.deploysim.sim.cli.Main} parses arguments with
 * picocli, registers every subcommand explicitly, maps outcomes to exit codes
 * ({@link dev.deploysim.sim.cli.ExitCodes}) and turns every bad input into one line on stderr naming
 * the field and the fix. Commands resolve their input into request records
 * ({@link dev.deploysim.sim.cli.Requests}) and hand them to {@link dev.deploysim.sim.cli.Actions},
 * which the jar implements with the runner ({@code RunnerActions}: one run, a comparison swept over
 * all cores, a replay checked against its trace hash) and the writers of
 * {@code dev.deploysim.sim.report}. This package is the edge where terminals, files, threads and
 * wall-clock progress meet the deterministic core, so the determinism guard does not apply here;
 * nothing here feeds a run's trace, and results are collected in a fixed order.
 */
package dev.deploysim.sim.cli;
