/**
 * flyctl's deploy strategies ported step for step from {@code internal/command/deploy} and
 * {@code internal/machine} (master at #5108): one class per strategy, and the machinery they share
 * in classes named after flyctl's ({@code MachineDeployment}, {@code LeasableMachine},
 * {@code MachineSet}, the recovery path of {@code plan.go}). Goroutine pools become task groups,
 * {@code time.Sleep} the clock port, Go map iteration sorted iteration; every other difference is
 * listed in the header of the class where it occurs.
 */
package dev.deploysim.strategies.flyctl;
