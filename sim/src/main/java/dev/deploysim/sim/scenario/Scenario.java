package dev.deploysim.sim.scenario;

import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.ProbeConfig;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run needs besides the strategy's code: the app before the deploy, which strategy
 * deploys it with which options, the platform's and the prober's knobs, the faults to inject, the
 * run's budget, and the root seed every random stream derives from. Fully resolved: every default
 * is filled in, so {@link ScenarioLoader#echo(Scenario)} of it re-runs exactly this scenario.
 *
 * @param schemaVersion the file format's version ({@link #SCHEMA_VERSION})
 * @param seed the run's root seed
 * @param app the app before the deploy
 * @param strategy the strategy and its resolved options
 * @param platform the simulated platform's knobs
 * @param probes the HTTP prober's knobs
 * @param faults faults to inject, in file order
 * @param budget when the run gives up
 */
public record Scenario(int schemaVersion, long seed, AppSpec app, StrategyChoice strategy, PlatformConfig platform,
                       ProbeConfig probes, List<Fault> faults, Budget budget) {

    /** The only scenario format this build reads and writes. */
    public static final int SCHEMA_VERSION = 2;

    public Scenario {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ", was " + schemaVersion);
        }
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(probes, "probes");
        faults = List.copyOf(faults);
        Objects.requireNonNull(budget, "budget");
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(schemaVersion, newSeed, app, strategy, platform, probes, faults, budget);
    }

    public Scenario withApp(AppSpec newApp) {
        return new Scenario(schemaVersion, seed, newApp, strategy, platform, probes, faults, budget);
    }

    public Scenario withStrategy(StrategyChoice newStrategy) {
        return new Scenario(schemaVersion, seed, app, newStrategy, platform, probes, faults, budget);
    }

    public Scenario withPlatform(PlatformConfig newPlatform) {
        return new Scenario(schemaVersion, seed, app, strategy, newPlatform, probes, faults, budget);
    }

    public Scenario withBudget(Budget newBudget) {
        return new Scenario(schemaVersion, seed, app, strategy, platform, probes, faults, newBudget);
    }

    public Scenario withProbes(ProbeConfig newProbes) {
        return new Scenario(schemaVersion, seed, app, strategy, platform, newProbes, faults, budget);
    }

    public Scenario withFaults(List<Fault> newFaults) {
        return new Scenario(schemaVersion, seed, app, strategy, platform, probes, newFaults, budget);
    }
}
