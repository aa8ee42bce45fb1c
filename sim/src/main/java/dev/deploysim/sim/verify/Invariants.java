package dev.deploysim.sim.verify;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.strategies.Strategies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry of invariants: one line per checker, no scanning. The names are those of
 * {@link dev.deploysim.strategies.Conditions}, which strategies' promises use.
 */
public final class Invariants {
    private Invariants() {
    }

    /** Every invariant's checker, in registry order, reading declared bounds from the built-in strategies. */
    public static List<Checker> all() {
        return all(Invariants::registered);
    }

    /**
     * Every invariant's checker, in registry order.
     *
     * @param strategies looks up the strategy a run's scenario names (to read the bounds its promises
     *     declare); strategies loaded from outside the registry are found through it
     */
    public static List<Checker> all(Function<String, Optional<Strategy>> strategies) {
        return List.of(
                new NeverZeroServing(),
                new ProbesAllOk(),
                new MaxUnavailable(strategies),
                new SurgeBound(strategies),
                new Converged(),
                new CleanRollback(),
                new Liveness(),
                new Succeeds(),
                new PoolReached(),
                new MaxConcurrent(),
                new Reverted(),
                new LeaseDiscipline(),
                new OrderRules());
    }

    /** Every invariant's name, in registry order. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Checker c : all()) {
            out.add(c.name());
        }
        return List.copyOf(out);
    }

    /**
     * The checker named {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Checker get(String name) {
        for (Checker c : all()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown invariant '" + name + "'; known: " + String.join(", ", names()));
    }

    private static Optional<Strategy> registered(String name) {
        return Strategies.names().contains(name) ? Optional.of(Strategies.get(name)) : Optional.empty();
    }
}
