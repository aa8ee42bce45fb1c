package dev.deploysim.sim.fault;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.Gen;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.scenario.Budget;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.StrategyChoice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Generates whole scenarios for one strategy around a base scenario: an app ({@link Apps}), a fault
 * schedule for it ({@link Swarm}), the strategy's options ({@link StrategyOptions}), platform
 * timings ({@link Timings}) and a seed. The base scenario gives everything else (the app's name,
 * images and region, the prober, the budget) and the defaults: its platform's distributions, its
 * options when it names the same strategy, and its seed. The base scenario's own faults are not
 * used.
 *
 * <p>Drawn in that order, so the shrinker first simplifies the app, then drops faults, then
 * resets options and timings; last, in {@value #BOUNDARY_PERCENT}% of the tries, the options are
 * moved to boundary values for the drawn app ({@link StrategyOptions#boundary}). The simplest scenario: one started machine, no faults, default
 * options, median timings, the base seed.
 */
public final class ScenarioGen {
    /**
     * How far from the base seed a generated seed may be: a million seeds, enough that tries rarely
     * share one, few enough that shrinking a seed takes a handful of steps.
     */
    public static final long SEED_RANGE = 999_999;

    /**
     * The share of tries, in percent, whose options are then moved to boundary values
     * ({@link StrategyOptions#boundary}): 0, 1, the machine count and its neighbours, the rounding
     * edges of percentages and fractions for the drawn app.
     */
    public static final int BOUNDARY_PERCENT = 20;

    private final Scenario base;
    private final Strategy strategy;
    private final Map<String, Object> fixedOptions;
    private final boolean faults;
    private final Function<Scenario, Budget> budget;

    private ScenarioGen(Scenario base, Strategy strategy, Map<String, Object> fixedOptions, boolean faults,
                        Function<Scenario, Budget> budget) {
        this.base = Objects.requireNonNull(base, "base");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.fixedOptions = fixedOptions;
        this.faults = faults;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Scenarios deploying with {@code strategy} around {@code base}, with the base's budget. */
    public static ScenarioGen of(Scenario base, Strategy strategy) {
        return new ScenarioGen(base, strategy, Map.of(), true, s -> base.budget());
    }

    /** The same, with {@code options} always set to the given values (e.g. a deliberately broken setting). */
    public ScenarioGen withOptions(Map<String, ?> options) {
        return new ScenarioGen(base, strategy, new TreeMap<>(options), faults, budget);
    }

    /** The same, without faults. */
    public ScenarioGen withoutFaults() {
        return new ScenarioGen(base, strategy, fixedOptions, false, budget);
    }

    /**
     * The same, with each scenario's budget computed from the rest of it (e.g. long enough for a
     * liveness bound that grows with the app and the options).
     */
    public ScenarioGen withBudget(Function<Scenario, Budget> budgetOf) {
        return new ScenarioGen(base, strategy, fixedOptions, faults, budgetOf);
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The generator. */
    public Gen<Scenario> gen() {
        Gen<AppSpec> apps = Apps.around(base.app());
        Map<String, ?> defaults = base.strategy().name().equals(strategy.name()) ? base.strategy().options() : Map.of();
        Gen<StrategyChoice> options = StrategyOptions.of(strategy, defaults, fixedOptions);
        Gen<PlatformConfig> timings = Timings.around(base.platform());
        Gen<Long> seedOffset = Gen.longs(0, SEED_RANGE);
        Gen<Boolean> boundaryTry = Gen.frequency(Gen.weighted(100 - BOUNDARY_PERCENT, Gen.constant(false)),
                Gen.weighted(BOUNDARY_PERCENT, Gen.constant(true)));
        Map<String, Object> fixed = fixedOptions;
        boolean withFaults = faults;
        Function<Scenario, Budget> budgetOf = budget;
        return c -> {
            AppSpec app = c.draw(apps);
            List<Fault> schedule = withFaults ? c.draw(Swarm.schedules(app)) : List.of();
            StrategyChoice choice = c.draw(options);
            PlatformConfig platform = c.draw(timings);
            long seed = base.seed() + c.draw(seedOffset);
            // drawn last, so that the other draws of a try are the same with or without it
            if (c.draw(boundaryTry)) {
                choice = c.draw(StrategyOptions.boundary(strategy, choice, app, fixed));
            }
            Scenario s = new Scenario(Scenario.SCHEMA_VERSION, seed, app, choice, platform, base.probes(), schedule,
                    base.budget());
            return s.withBudget(budgetOf.apply(s));
        };
    }
}
