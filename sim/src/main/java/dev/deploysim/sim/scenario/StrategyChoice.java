package dev.deploysim.sim.scenario;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which strategy deploys the app, and with which option values. When the {@link StrategyCatalog}
 * knows the strategy's options, {@code options} holds every declared option (defaults filled in)
 * as Integer, Double, Boolean, Duration or String, exactly as
 * {@link dev.deploysim.model.deploy.Options#resolve} returns them; a names-only catalog keeps the
 * given values (Integer, Long, Double, Boolean or String) unchecked; a Long within int range is
 * stored as an Integer, as a reload of the echo would read it.
 *
 * @param name the registered strategy name, e.g. {@code rolling}
 * @param options option name to value, sorted by name
 */
public record StrategyChoice(String name, SortedMap<String, Object> options) {
    public StrategyChoice {
        Objects.requireNonNull(name, "name");
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            Object v = Objects.requireNonNull(e.getValue(), e.getKey());
            if (!(v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Boolean
                    || v instanceof String || v instanceof Duration)) {
                throw new IllegalArgumentException("option " + e.getKey() + " has unsupported value type "
                        + v.getClass().getSimpleName());
            }
            // one value, one representation: a Long that fits an int is the Integer a reload gives
            if (v instanceof Long l && l == l.intValue()) {
                v = l.intValue();
            }
            copy.put(e.getKey(), v);
        }
        options = Collections.unmodifiableSortedMap(copy);
    }

    /** The strategy with no options given. */
    public static StrategyChoice of(String name) {
        return new StrategyChoice(name, new TreeMap<>());
    }
}
