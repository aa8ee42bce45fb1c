package dev.deploysim.sim.cli;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every command needs: the strategy catalog (through the scenario loader), the registered
 * strategies themselves (for {@code deploysim strategies} and the default comparison), and the
 * actions that run simulations.
 *
 * @param loader reads scenarios with the catalog's strategy names and options
 * @param strategies the registered strategies in registry order; empty for a names-only catalog
 * @param actions runs, compares, explores and replays
 * @param origins where each strategy not built in came from (a jar or class folder on
 *     {@code --classpath}), by name; a strategy missing here is built in
 */
public record Cli(ScenarioLoader loader, List<Strategy> strategies, Actions actions, SortedMap<String, String> origins) {
    /** The prefix of {@link Strategy#source()} that marks a strategy ported from flyctl. */
    static final String FLYCTL_SOURCE_PREFIX = "flyctl";

    public Cli {
        Objects.requireNonNull(loader, "loader");
        strategies = List.copyOf(strategies);
        Objects.requireNonNull(actions, "actions");
        origins = Collections.unmodifiableSortedMap(new TreeMap<>(origins));
    }

    /** A CLI whose strategies are all built in. */
    public Cli(ScenarioLoader loader, List<Strategy> strategies, Actions actions) {
        this(loader, strategies, actions, new TreeMap<>());
    }

    /** Where the strategy {@code name} came from: {@value ClasspathStrategies#BUILT_IN}, or its jar or folder. */
    public String origin(String name) {
        return origins.getOrDefault(name, ClasspathStrategies.BUILT_IN);
    }

    /** A CLI over a catalog whose strategies are not at hand (names and options only). */
    public static Cli of(StrategyCatalog catalog, Actions actions) {
        return new Cli(new ScenarioLoader(catalog), List.of(), actions);
    }

    /** A CLI over registered strategies: options are checked and defaulted by the strategies themselves. */
    public static Cli of(List<? extends Strategy> registered, Actions actions) {
        return new Cli(new ScenarioLoader(StrategyCatalog.of(registered)), List.copyOf(registered), actions);
    }

    public StrategyCatalog catalog() {
        return loader.catalog();
    }

    /**
     * What {@code compare} compares when not told: every strategy ported from flyctl (its source
     * starts with {@value #FLYCTL_SOURCE_PREFIX}), in registry order; with no such strategy (a
     * names-only or test catalog), every name the catalog knows.
     */
    public List<String> defaultCompareStrategies() {
        List<String> out = new ArrayList<>();
        for (Strategy s : strategies) {
            if (s.source().startsWith(FLYCTL_SOURCE_PREFIX)) {
                out.add(s.name());
            }
        }
        return out.isEmpty() ? List.copyOf(catalog().names()) : List.copyOf(out);
    }

    /** Every known strategy name: registry order when the strategies are at hand, else sorted. */
    public List<String> allStrategyNames() {
        if (strategies.isEmpty()) {
            return List.copyOf(catalog().names());
        }
        List<String> out = new ArrayList<>();
        for (Strategy s : strategies) {
            out.add(s.name());
        }
        return out;
    }
}
