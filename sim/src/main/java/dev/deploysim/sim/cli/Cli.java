package dev.deploysim.sim.cli;

import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import java.util.Objects;

/**
 * What every command needs: the strategy catalog (through the scenario loader) and the actions
 * that run simulations.
 *
 * @param loader reads scenarios with the catalog's strategy names and options
 * @param actions runs, compares, explores and replays
 */
public record Cli(ScenarioLoader loader, Actions actions) {
    public Cli {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(actions, "actions");
    }

    public static Cli of(StrategyCatalog catalog, Actions actions) {
        return new Cli(new ScenarioLoader(catalog), actions);
    }

    public StrategyCatalog catalog() {
        return loader.catalog();
    }
}
