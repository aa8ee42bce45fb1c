package dev.deploysim.sim.sensitivity;

import dev.deploysim.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One knob a sensitivity analysis turns: a scenario path ({@code platform.propagationSeconds},
 * {@code strategy.options.settle}), the range it is varied over, and how a value is put into a
 * scenario. A value is a number: seconds for a time, a count for a count, 0/1 for a switch, and
 * for a distribution its median in seconds: the scenario's distribution is scaled by
 * value / its median, so its shape (spread, tail, mixture weights) stays and only its scale moves
 * (a distribution whose median is 0 becomes the constant value).
 */
public final class Parameter {

    /** What kind of value the knob takes. */
    public enum Kind {
        /** A distribution, by its median in seconds (scaled). */
        DISTRIBUTION,
        /** A number of seconds. */
        SECONDS,
        /** A whole number. */
        COUNT,
        /** A plain number (a strategy option such as a share). */
        NUMBER,
        /** On or off (1 or 0). */
        SWITCH
    }

    /** Puts a value into a scenario. */
    @FunctionalInterface
    public interface Setter {
        Scenario apply(Scenario scenario, double value);
    }

    /** Reads a value from a scenario. */
    @FunctionalInterface
    public interface Getter {
        double read(Scenario scenario);
    }

    private final String path;
    private final Kind kind;
    private final double low;
    private final double high;
    private final Map<String, Double> profileValues;
    private final Getter getter;
    private final Setter setter;

    /**
     * @param profileValues the value in each named profile, in profile order (empty for a strategy option)
     */
    public Parameter(String path, Kind kind, double low, double high, Map<String, Double> profileValues, Getter getter,
                     Setter setter) {
        this.path = Objects.requireNonNull(path, "path");
        this.kind = Objects.requireNonNull(kind, "kind");
        if (!(low <= high)) {
            throw new IllegalArgumentException(path + ": low " + low + " > high " + high);
        }
        this.low = low;
        this.high = high;
        this.profileValues = Collections.unmodifiableMap(new LinkedHashMap<>(profileValues));
        this.getter = Objects.requireNonNull(getter, "getter");
        this.setter = Objects.requireNonNull(setter, "setter");
    }

    /** The scenario path, e.g. {@code platform.propagationSeconds}. */
    public String path() {
        return path;
    }

    /** The last segment of the path: {@code propagationSeconds}. */
    public String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    public Kind kind() {
        return kind;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    public Map<String, Double> profileValues() {
        return profileValues;
    }

    /** This parameter over {@code [newLow, newHigh]}. */
    public Parameter withRange(double newLow, double newHigh) {
        return new Parameter(path, kind, newLow, newHigh, profileValues, getter, setter);
    }

    /** What the value is measured in: {@code s (median)}, {@code s}, empty for counts and switches. */
    public String unit() {
        return switch (kind) {
            case DISTRIBUTION -> "s (median)";
            case SECONDS -> "s";
            case COUNT, NUMBER, SWITCH -> "";
        };
    }

    /** The value {@code scenario} has. */
    public double valueIn(Scenario scenario) {
        return getter.read(scenario);
    }

    /** {@code scenario} with this parameter at {@code value} (a count rounded, a switch on when >= 0.5). */
    public Scenario apply(Scenario scenario, double value) {
        return setter.apply(scenario, normalise(value));
    }

    /** {@code value} as this kind takes it: a count rounded, a switch 0 or 1. */
    public double normalise(double value) {
        return switch (kind) {
            case COUNT -> Math.round(value);
            case SWITCH -> value >= 0.5 ? 1 : 0;
            default -> value;
        };
    }

    /**
     * {@code n} points from low to high: geometrically spaced when the range spans a factor of 10
     * or more from a positive low end (scaling is multiplicative, and 0.01 s to 15 s spaced evenly
     * would skip everything below 2.5 s), else evenly; counts rounded and switches 0 and 1, each
     * value once.
     */
    public List<Double> points(int n) {
        List<Double> out = new ArrayList<>();
        if (kind == Kind.SWITCH) {
            out.add(normalise(low));
            if (normalise(high) != normalise(low)) {
                out.add(normalise(high));
            }
            return out;
        }
        boolean geometric = low > 0 && high / low >= 10;
        for (int i = 0; i < n; i++) {
            double f = n == 1 ? 0 : (double) i / (n - 1);
            double v = i == n - 1 ? high : geometric ? low * Math.pow(high / low, f) : low + (high - low) * f;
            v = normalise(round(v));
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Rounded to 4 significant digits, so points print and compare as written. */
    static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }

    /** A value for people: up to 4 significant digits, no trailing zeros. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A value with its unit: {@code 1.1 s}, {@code on}, {@code 39}. */
    public String describe(double v) {
        return switch (kind) {
            case SWITCH -> v >= 0.5 ? "on" : "off";
            case COUNT, NUMBER -> format(v);
            default -> format(v) + " s";
        };
    }

    @Override
    public String toString() {
        return path + " [" + format(low) + ", " + format(high) + "]";
    }
}
