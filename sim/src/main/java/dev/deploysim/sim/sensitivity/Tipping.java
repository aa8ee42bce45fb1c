package dev.deploysim.sim.sensitivity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * A tipping point: where, between a parameter's low and high ends, a verdict flips, found by
 * bisection with the seeds held fixed. The search assumes one flip in the range; with several it
 * finds one of them (the ends' verdicts differ, so there is at least one).
 *
 * @param parameter the parameter bisected
 * @param verdict the yes/no question asked at every value
 * @param atLow the verdict at the low end
 * @param atHigh the verdict at the high end
 * @param below the largest value tried whose verdict is {@code atLow} (the bracket's low side), or NaN with no flip
 * @param above the smallest value tried whose verdict is {@code atHigh}, or NaN with no flip
 * @param steps every value tried and its verdict, in order
 */
public record Tipping(Parameter parameter, Verdict verdict, boolean atLow, boolean atHigh, double below, double above,
                      List<Step> steps) {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One value tried. */
    public record Step(double value, boolean holds, double metric) {
    }

    public Tipping {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(verdict, "verdict");
        steps = List.copyOf(steps);
    }

    /** Whether the verdict differs between the ends (so there is a tipping point to report). */
    public boolean flips() {
        return atLow != atHigh;
    }

    /** What a verdict at one value is: runs the point and reads the verdict, returning the metric too. */
    @FunctionalInterface
    public interface Oracle {
        Step at(double value);
    }

    /**
     * Bisects {@code parameter} for {@code verdict}'s flip: evaluates both ends, then halves the
     * bracket (geometrically when the range spans a factor of 10 from a positive low end) until it
     * is within 1/1000 of the range (a factor of 1.001, or adjacent whole numbers for a count).
     */
    public static Tipping find(Parameter parameter, Verdict verdict, Oracle oracle) {
        List<Step> steps = new ArrayList<>();
        Step lo = oracle.at(parameter.low());
        Step hi = oracle.at(parameter.high());
        steps.add(lo);
        steps.add(hi);
        if (lo.holds() == hi.holds()) {
            return new Tipping(parameter, verdict, lo.holds(), hi.holds(), Double.NaN, Double.NaN, steps);
        }
        double a = parameter.normalise(parameter.low());
        double b = parameter.normalise(parameter.high());
        boolean geometric = a > 0 && b / a >= 10;
        double width = (b - a) / 1000;
        while (!done(parameter, geometric, a, b, width)) {
            double mid = geometric ? Math.sqrt(a * b) : (a + b) / 2;
            mid = parameter.normalise(mid);
            if (mid <= a || mid >= b) {
                break;
            }
            Step s = oracle.at(mid);
            steps.add(s);
            if (s.holds() == lo.holds()) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return new Tipping(parameter, verdict, lo.holds(), hi.holds(), a, b, steps);
    }

    private static boolean done(Parameter p, boolean geometric, double a, double b, double width) {
        return switch (p.kind()) {
            case COUNT, SWITCH -> b - a <= 1;
            default -> geometric ? b / a <= 1.001 : b - a <= width;
        };
    }

    /** The bracket's ends for people: the low end rounded down and the high end up, to 4 significant digits. */
    static String down(double v) {
        return v == 0 ? "0" : new BigDecimal(v).round(new MathContext(4, RoundingMode.FLOOR)).stripTrailingZeros().toPlainString();
    }

    static String up(double v) {
        return v == 0 ? "0" : new BigDecimal(v).round(new MathContext(4, RoundingMode.CEILING)).stripTrailingZeros().toPlainString();
    }

    /** The tipping point in a sentence, e.g. "some run has zero serving once propagationSeconds exceeds 1.1 s [1.099, 1.101]". */
    public String sentence() {
        Parameter p = parameter;
        String what = p.name() + (p.kind() == Parameter.Kind.DISTRIBUTION ? " (its median)" : "");
        if (!flips()) {
            return verdict.describe() + ": " + (atLow ? "yes" : "no") + " at both ends of " + what + " ("
                    + p.describe(p.low()) + " and " + p.describe(p.high()) + "): no tipping point in that range";
        }
        String unit = p.kind() == Parameter.Kind.SECONDS || p.kind() == Parameter.Kind.DISTRIBUTION ? " s" : "";
        String bracket = "[" + down(below) + ", " + up(above) + "]";
        String at = Parameter.format(Parameter.round((below + above) / 2)) + unit;
        if (p.kind() == Parameter.Kind.COUNT || p.kind() == Parameter.Kind.SWITCH) {
            bracket = "[" + p.describe(below) + ", " + p.describe(above) + "]";
            return verdict.describe() + (atHigh ? " from " : " up to ") + what + " = "
                    + (atHigh ? p.describe(above) : p.describe(below)) + " " + bracket + " (" + (atLow ? "yes" : "no") + " at "
                    + p.describe(p.low()) + ", " + (atHigh ? "yes" : "no") + " at " + p.describe(p.high()) + ")";
        }
        return verdict.describe() + (atHigh ? " once " : " until ") + what + " exceeds " + at + " " + bracket + " ("
                + (atLow ? "yes" : "no") + " at " + p.describe(p.low()) + ", " + (atHigh ? "yes" : "no") + " at "
                + p.describe(p.high()) + "; " + steps.size() + " values tried)";
    }

    public ObjectNode json() {
        ObjectNode o = F.objectNode();
        o.put("parameter", parameter.path());
        o.put("unit", parameter.unit());
        o.put("verdict", verdict.toString());
        o.put("verdictText", verdict.describe());
        o.put("low", parameter.low());
        o.put("high", parameter.high());
        o.put("atLow", atLow);
        o.put("atHigh", atHigh);
        o.put("flips", flips());
        if (flips()) {
            ArrayNode br = o.putArray("bracket");
            br.add(below);
            br.add(above);
        } else {
            o.putNull("bracket");
        }
        o.put("sentence", sentence());
        ArrayNode s = o.putArray("steps");
        for (Step st : steps) {
            s.addObject().put("value", st.value()).put("holds", st.holds()).put("metric", st.metric());
        }
        return o;
    }

    /** Convenience for tests: a tipping search over a plain predicate. */
    public static Tipping findWhere(Parameter parameter, Verdict verdict, DoublePredicate holds) {
        return find(parameter, verdict, v -> new Step(v, holds.test(v), holds.test(v) ? 1 : 0));
    }
}
