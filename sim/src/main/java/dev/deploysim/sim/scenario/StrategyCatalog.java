package dev.deploysim.sim.scenario;

import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The strategies a scenario may name, and how their options resolve. Built from the strategy
 * registry ({@link #of(Collection)}: names, declared options with defaults, and each strategy's own
 * validation), or from bare names ({@link #names(Collection)}: options kept as given, unchecked)
 * while no registry is at hand.
 */
public final class StrategyCatalog {
    private final SortedMap<String, Strategy> strategies;
    private final SortedSet<String> names;

    private StrategyCatalog(SortedMap<String, Strategy> strategies, SortedSet<String> names) {
        this.strategies = strategies;
        this.names = Collections.unmodifiableSortedSet(names);
    }

    /** A catalog of registered strategies: options are type-checked, defaulted and validated. */
    public static StrategyCatalog of(Collection<? extends Strategy> registered) {
        SortedMap<String, Strategy> byName = new TreeMap<>();
        for (Strategy s : registered) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two strategies named " + s.name());
            }
        }
        return new StrategyCatalog(byName, new TreeSet<>(byName.keySet()));
    }

    /** A catalog that knows only names: option values pass through as given. */
    public static StrategyCatalog names(Collection<String> strategyNames) {
        TreeSet<String> set = new TreeSet<>();
        for (String n : strategyNames) {
            set.add(Objects.requireNonNull(n, "strategy name"));
        }
        return new StrategyCatalog(new TreeMap<>(), set);
    }

    /** flyctl's four strategy names (spec sections 4 and 6), options unchecked. */
    public static StrategyCatalog flyctlNames() {
        return names(List.of("immediate", "rolling", "canary", "bluegreen"));
    }

    /** Every known name, sorted. */
    public SortedSet<String> names() {
        return names;
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /** The strategy registered as {@code name}, if the catalog holds strategies (not just names). */
    public java.util.Optional<Strategy> strategy(String name) {
        return java.util.Optional.ofNullable(strategies.get(name));
    }

    /** Whether options of {@code name} are checked (the catalog holds the strategy itself). */
    public boolean knowsOptions(String name) {
        return strategies.containsKey(name);
    }

    /**
     * Whether {@code name} declares option {@code option}; true for every option of a strategy
     * whose options are unknown (nothing can be said against it).
     */
    public boolean acceptsOption(String name, String option) {
        Strategy s = strategies.get(name);
        return s == null || s.options().stream().anyMatch(o -> o.name().equals(option));
    }

    /**
     * Resolves the options given for strategy {@code name}.
     *
     * @param path the JSON path of the strategy object, for error messages (e.g. {@code strategy})
     * @throws ScenarioException naming {@code path.name} or {@code path.options.<option>}
     */
    public StrategyChoice resolve(String path, String name, Map<String, Object> given) {
        if (!names.contains(name)) {
            throw new ScenarioException(path + ".name", "unknown strategy '" + name + "'; known: " + String.join(", ", names));
        }
        Strategy s = strategies.get(name);
        if (s == null) {
            // Unchecked values stay as a JSON reload would read them: a duration as its text.
            TreeMap<String, Object> asGiven = new TreeMap<>();
            given.forEach((k, v) -> asGiven.put(k, v instanceof java.time.Duration d ? Seconds.optionText(d) : v));
            return new StrategyChoice(name, asGiven);
        }
        if (s.options().isEmpty() && !given.isEmpty()) {
            String first = new TreeMap<>(given).firstKey();
            throw new ScenarioException(path + ".options." + first, "unknown option; the " + name + " strategy takes no options");
        }
        try {
            Options resolved = Options.resolve(s.options(), given);
            checkBounds(path, s, resolved);
            s.validate(resolved);
            return new StrategyChoice(name, resolved.asMap());
        } catch (InvalidOptionException e) {
            String msg = e.getMessage();
            String prefix = e.option() + ": ";
            String problem = msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
            // A ported strategy's message may name the command-line flag it ports (flyctl's "the value for
            // --max-unavailable ..."); in a scenario the path names the option already.
            String flag = "the value for --" + e.option().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT) + " ";
            if (problem.startsWith(flag)) {
                problem = problem.substring(flag.length());
            }
            throw new ScenarioException(path + ".options." + e.option(), problem);
        }
    }

    /**
     * The bounds every option of a type shares, whatever the strategy: a duration at most
     * {@link Limits#MAX_SECONDS}, a number finite. The strategy's own rules come after.
     */
    private static void checkBounds(String path, Strategy s, Options resolved) {
        for (OptionSpec spec : s.options()) {
            Object v = resolved.asMap().get(spec.name());
            if (v instanceof java.time.Duration d && d.compareTo(MAX_DURATION) > 0) {
                throw new ScenarioException(path + ".options." + spec.name(), "must be at most 1000000s (11.6 days: the "
                        + "longest duration a scenario may give), was " + d.getSeconds() + "s");
            }
            if (v instanceof Double x && !Double.isFinite(x)) {
                throw new ScenarioException(path + ".options." + spec.name(), "must be a finite number, was " + x);
            }
        }
    }

    private static final java.time.Duration MAX_DURATION = Seconds.toDuration(Limits.MAX_SECONDS);
}
