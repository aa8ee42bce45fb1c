package dev.deploysim.sim.cli;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.verify.Guarantees;
import dev.deploysim.strategies.Strategies;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which of a run's violations break a promise its strategy made for its scenario: those
 * decide exit code 1 of {@code run} and {@code replay}. A violation outside a promise's
 * conditions is a documented weakness, reported but not a failure.
 */
@FunctionalInterface
public interface PromiseCheck {

    /** The violations of {@code run} that break a promise, in the run's order. */
    List<Violation> promised(DeployRun run);

    /**
     * The violations of the invariants named in {@code checked}, promised or not: what
     * {@code --check} counts instead of the strategy's promises.
     */
    static PromiseCheck only(Collection<String> checked) {
        Set<String> names = Set.copyOf(checked);
        return run -> run.violations().stream().filter(v -> names.contains(v.invariant())).toList();
    }

    /**
     * Every violation counts as a broken promise (for tests, and for a strategy that is not
     * registered, whose promises cannot be read).
     */
    static PromiseCheck everyViolation() {
        return DeployRun::violations;
    }

    /**
     * The violations of invariants the run's strategy promised for it, as the guarantee
     * interpreter judges them ({@link Guarantees#promised(dev.deploysim.model.deploy.Strategy, DeployRun)});
     * a strategy that is not registered counts every violation.
     */
    static PromiseCheck guarantees() {
        return guarantees(name -> Strategies.names().contains(name) ? Optional.of(Strategies.get(name)) : Optional.empty());
    }

    /**
     * As {@link #guarantees()}, reading the promises of the strategies {@code strategies} finds
     * (the built-in ones and any loaded with {@code --classpath}).
     */
    static PromiseCheck guarantees(Function<String, Optional<Strategy>> strategies) {
        return run -> {
            Optional<Strategy> strategy = strategies.apply(run.scenario().strategy().name());
            if (strategy.isEmpty()) {
                return run.violations();
            }
            Set<String> promised = Guarantees.promised(strategy.get(), run);
            List<Violation> out = new ArrayList<>();
            for (Violation v : run.violations()) {
                if (promised.contains(v.invariant())) {
                    out.add(v);
                }
            }
            return out;
        };
    }
}
