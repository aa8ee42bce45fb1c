package dev.deploysim.model.deploy;

import java.util.Objects;

/**
 * One option a strategy accepts, with its default (flyctl's where the option is flyctl's).
 *
 * @param name the option's name, camelCase (e.g. {@code maxUnavailable})
 * @param type what values it takes
 * @param defaultValue its default: Integer, Double, Boolean, java.time.Duration or String
 * @param description one line
 */
public record OptionSpec(String name, Type type, Object defaultValue, String description) {

    /** Option value types. */
    public enum Type { INT, DOUBLE, BOOLEAN, DURATION, STRING }

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
    }
}
