package dev.deploysim.sim.run;

import dev.deploysim.sim.fault.FaultInjector;
import dev.deploysim.sim.verify.Invariants;

/**
 * The standard runner every entry point uses (CLI, property suite, benchmarks): the registered
 * strategies, the fault injector that executes every scenario fault kind, and every registered
 * invariant. One place, so that a run from the CLI and a run from a test are the same run.
 */
public final class Runners {
    private Runners() {
    }

    /** The standard runner. */
    public static Runner standard() {
        return Runner.of(new FaultInjector(), Invariants.all());
    }
}
