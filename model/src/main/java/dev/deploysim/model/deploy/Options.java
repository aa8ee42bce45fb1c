package dev.deploysim.model.deploy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Resolved option values: a strategy's declared defaults overlaid with the given values, each
 * checked against its declared type.
 */
public final class Options {
    private final SortedMap<String, Object> values;

    private Options(SortedMap<String, Object> values) {
        this.values = Collections.unmodifiableSortedMap(values);
    }

    /**
     * Resolves {@code given} against {@code specs}.
     *
     * @throws InvalidOptionException for an unknown option or a value of the wrong type
     */
    public static Options resolve(List<OptionSpec> specs, Map<String, ?> given) {
        SortedMap<String, Object> out = new TreeMap<>();
        Map<String, OptionSpec> byName = new TreeMap<>();
        for (OptionSpec spec : specs) {
            byName.put(spec.name(), spec);
            out.put(spec.name(), spec.defaultValue());
        }
        for (Map.Entry<String, ?> e : new TreeMap<String, Object>(given).entrySet()) {
            OptionSpec spec = byName.get(e.getKey());
            if (spec == null) {
                throw new InvalidOptionException(e.getKey(), "unknown option; known: " + String.join(", ", byName.keySet()));
            }
            out.put(e.getKey(), coerce(spec, e.getValue()));
        }
        return new Options(out);
    }

    private static Object coerce(OptionSpec spec, Object v) {
        try {
            return switch (spec.type()) {
                case INT -> v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE
                        ? Integer.valueOf(n.intValue()) : Integer.valueOf(Integer.parseInt(v.toString().trim()));
                case DOUBLE -> v instanceof Number n ? Double.valueOf(n.doubleValue())
                        : Double.valueOf(Double.parseDouble(v.toString().trim()));
                case BOOLEAN -> {
                    if (v instanceof Boolean b) {
                        yield b;
                    }
                    String s = v.toString().trim();
                    if (!s.equals("true") && !s.equals("false")) {
                        throw new IllegalArgumentException();
                    }
                    yield Boolean.valueOf(s);
                }
                case DURATION -> v instanceof Duration d ? d : parseDuration(v.toString().trim());
                case STRING -> v.toString();
            };
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException ex) {
            throw new InvalidOptionException(spec.name(), "expected " + describe(spec.type()) + ", was '" + v + "'");
        } catch (ArithmeticException ex) {
            // BigDecimal.longValueExact: a duration beyond what a long of nanoseconds holds (292 years)
            throw new InvalidOptionException(spec.name(), "too long: a duration must fit in 292 years, was '" + v + "'");
        }
    }

    private static String describe(OptionSpec.Type type) {
        return switch (type) {
            case INT -> "a whole number";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case DURATION -> "a duration such as 10s, 500ms or 5m";
            case STRING -> "a string";
        };
    }

    /**
     * Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, a bare number of seconds, or
     * ISO-8601 ({@code PT10S}).
     */
    public static Duration parseDuration(String s) {
        if (s.startsWith("PT") || s.startsWith("pt")) {
            return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
        }
        String num;
        long unitNanos;
        if (s.endsWith("ms")) {
            num = s.substring(0, s.length() - 2);
            unitNanos = 1_000_000L;
        } else if (s.endsWith("s")) {
            num = s.substring(0, s.length() - 1);
            unitNanos = 1_000_000_000L;
        } else if (s.endsWith("m")) {
            num = s.substring(0, s.length() - 1);
            unitNanos = 60_000_000_000L;
        } else if (s.endsWith("h")) {
            num = s.substring(0, s.length() - 1);
            unitNanos = 3_600_000_000_000L;
        } else {
            num = s;
            unitNanos = 1_000_000_000L;
        }
        java.math.BigDecimal nanos = new java.math.BigDecimal(num.trim()).multiply(java.math.BigDecimal.valueOf(unitNanos));
        if (nanos.signum() < 0) {
            throw new IllegalArgumentException("negative duration");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    public int getInt(String name) {
        return (Integer) require(name);
    }

    public double getDouble(String name) {
        return (Double) require(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public Duration getDuration(String name) {
        return (Duration) require(name);
    }

    public String getString(String name) {
        return (String) require(name);
    }

    /** Every option and its value, sorted by name. */
    public SortedMap<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no option " + name + " declared");
        }
        return v;
    }

    /** {@code {name=value, ...}} in name order, durations as Go prints them ({@code 13s}). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
                .append(v instanceof java.time.Duration d ? GoDurations.format(d) : v));
        return sb.append('}').toString();
    }
}
