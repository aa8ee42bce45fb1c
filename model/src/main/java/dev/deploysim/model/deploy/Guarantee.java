package dev.deploysim.model.deploy;

import java.util.List;
import java.util.Objects;

/**
 * A promise a strategy makes: invariant {@code invariant} holds in every run that meets
 * {@code conditions}. A violated promise is a failed property; a violation outside the
 * conditions is a documented weakness, not a bug.
 *
 * @param invariant the invariant's registered name (e.g. {@code never-zero-serving})
 * @param conditions every one must hold for the promise to apply
 * @param why one line on why the strategy keeps it
 */
public record Guarantee(String invariant, List<Condition> conditions, String why) {
    public Guarantee {
        Objects.requireNonNull(invariant, "invariant");
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(why, "why");
    }

    /**
     * A condition on the scenario, named by {@code key} with a bound, e.g.
     * {@code minWarmMachines >= 2}, {@code faults in [none]}, {@code maxPropagationSeconds <= 10}.
     * The simulator's guarantee checker interprets the keys it knows and refuses unknown ones.
     */
    public record Condition(String key, String op, String value) {
        @Override
        public String toString() {
            return key + " " + op + " " + value;
        }
    }

    public static Condition when(String key, String op, Object value) {
        return new Condition(key, op, String.valueOf(value));
    }
}
