/**
 * Faults as a run executes them and as the explorer generates them: {@link FaultInjector} turns a
 * scenario's declared faults into uses of the world's fault mechanisms at their time or trigger,
 * and the generators ({@link Swarm} for fault schedules, {@link Apps}, {@link StrategyOptions},
 * {@link Timings}, composed by {@link ScenarioGen}) draw random scenarios whose simplest choice is
 * one machine, no faults, median timings and default options, so that failures shrink there.
 */
package dev.deploysim.sim.fault;
