package dev.deploysim.sim.run;

import dev.deploysim.sim.fault.FaultInjector;
import dev.deploysim.sim.scenario.StrategyCatalog;
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

    /**
     * The standard runner over the strategies of {@code catalog} (the built-in ones and any loaded
     * from outside the registry, e.g. with {@code --classpath} or by a test).
     */
    public static Runner standard(StrategyCatalog catalog) {
        return new Runner(name -> catalog.strategy(name).orElseThrow(() -> new IllegalArgumentException(
                "unsupported deployment strategy '" + name + "'; known: " + String.join(", ", catalog.names()))),
                new FaultInjector(), Invariants.all(catalog::strategy));
    }
}
