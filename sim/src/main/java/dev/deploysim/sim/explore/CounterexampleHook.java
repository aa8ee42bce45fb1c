package dev.deploysim.sim.explore;

/**
 * Called once with the shrunk counterexample of a failed run, e.g. to write
 * {@code target/deploysim/<test>/scenario.json}. The shrunk value is null when the
 * generator itself threw (then only the choices and failure are known). It returns a line for the report
 * (where the artifact went) or null. If it throws, the report says so and the run still
 * reports the counterexample.
 */
@FunctionalInterface
public interface CounterexampleHook<T> {
    String accept(Counterexample<T> counterexample) throws Exception;
}
