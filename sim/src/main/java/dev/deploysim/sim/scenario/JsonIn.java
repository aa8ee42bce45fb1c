package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A position in an input JSON tree: the node and its path ({@code app.groups[0].started}). Every
 * accessor either returns a checked value or throws a {@link ScenarioException} naming the path,
 * what was expected and what was found.
 */
final class JsonIn {
    /** The path of the document itself. */
    static final String ROOT = "$";

    private final JsonNode node;
    private final String path;

    JsonIn(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonIn root(JsonNode node) {
        return new JsonIn(node, ROOT);
    }

    JsonNode node() {
        return node;
    }

    String path() {
        return path;
    }

    ScenarioException error(String problem) {
        return new ScenarioException(path, problem);
    }

    /** The object here, with only {@code known} fields allowed. */
    Obj object(List<String> known) {
        if (!node.isObject()) {
            throw error("expected an object {...}, was " + describe(node));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ScenarioException(child(name), "unknown field" + suggestion(name, known)
                        + (known.isEmpty() ? "; this object takes no fields" : "; known: " + String.join(", ", known)));
            }
        }
        return new Obj(this);
    }

    /** The array here. */
    List<JsonIn> array() {
        if (!node.isArray()) {
            throw error("expected a list [...], was " + describe(node));
        }
        List<JsonIn> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonIn(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    String string() {
        if (!node.isTextual()) {
            throw error("expected a string, was " + describe(node));
        }
        return node.textValue();
    }

    /** A non-blank string. */
    String name() {
        String s = string();
        if (s.isBlank()) {
            throw error("must not be empty");
        }
        return s;
    }

    boolean bool() {
        if (!node.isBoolean()) {
            throw error("expected true or false, was " + describe(node));
        }
        return node.booleanValue();
    }

    /** A finite number. */
    double number() {
        if (!node.isNumber()) {
            throw error("expected a number, was " + describe(node));
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v)) {
            throw error("must be a finite number, was " + node.asText());
        }
        return v;
    }

    double number(double min, boolean minInclusive) {
        double v = number();
        if (minInclusive ? v < min : v <= min) {
            throw error("must be " + (minInclusive ? ">= " : "> ") + fmt(min) + ", was " + node.asText());
        }
        return v;
    }

    double numberAtMost(double min, boolean minInclusive, double max) {
        double v = number(min, minInclusive);
        if (v > max) {
            throw error("must be <= " + fmt(max) + ", was " + node.asText());
        }
        return v;
    }

    /**
     * A number of seconds: at least {@code min} (inclusive or not) and at most
     * {@link Limits#MAX_SECONDS}, the bound every duration of a scenario shares.
     */
    double seconds(double min, boolean minInclusive) {
        double v = number(min, minInclusive);
        if (v > Limits.MAX_SECONDS) {
            throw error("must be <= " + Limits.maxSecondsText() + ", was " + node.asText());
        }
        return v;
    }

    /**
     * A rate per second: at most {@link Limits#MAX_RATE_PER_SECOND}, and at least one per
     * {@link Limits#MAX_SECONDS} (its interval is a duration like any other).
     */
    double rate() {
        double v = number(0, false);
        if (v > Limits.MAX_RATE_PER_SECOND) {
            throw error("must be <= " + fmt(Limits.MAX_RATE_PER_SECOND) + " per second, was " + node.asText());
        }
        if (v < 1 / Limits.MAX_SECONDS) {
            throw error("must be >= " + 1 / Limits.MAX_SECONDS + " per second (one per " + Limits.maxSecondsText()
                    + "), was " + node.asText());
        }
        return v;
    }

    /** A whole number (2 and 2.0 both count). */
    long whole() {
        if (!node.isNumber()) {
            throw error("expected a whole number, was " + describe(node));
        }
        if (node.isIntegralNumber()) {
            BigInteger b = node.bigIntegerValue();
            if (b.bitLength() > 63) {
                throw error("must be between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", was " + node.asText());
            }
            return b.longValue();
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > 1e15) {
            throw error("expected a whole number, was " + node.asText());
        }
        return (long) d;
    }

    long whole(long min, long max) {
        long v = whole();
        if (v < min) {
            throw error("must be >= " + min + ", was " + node.asText());
        }
        if (v > max) {
            throw error("must be <= " + max + ", was " + node.asText());
        }
        return v;
    }

    int integer(int min, int max) {
        return (int) whole(min, max);
    }

    String child(String field) {
        return ROOT.equals(path) ? field : path + "." + field;
    }

    /** An object being read: fields by name, each absent one falling back to a default. */
    static final class Obj {
        private final JsonIn at;

        Obj(JsonIn at) {
            this.at = at;
        }

        JsonIn at() {
            return at;
        }

        boolean has(String field) {
            return at.node.has(field);
        }

        /** The field, which must be present and not null. */
        JsonIn required(String field, String what) {
            JsonNode v = at.node.get(field);
            if (v == null) {
                throw new ScenarioException(at.child(field), "missing; " + what);
            }
            return checkNotNull(field, v);
        }

        /** The field, or null when absent. */
        JsonIn optional(String field) {
            JsonNode v = at.node.get(field);
            return v == null ? null : checkNotNull(field, v);
        }

        private JsonIn checkNotNull(String field, JsonNode v) {
            JsonIn in = new JsonIn(v, at.child(field));
            if (v.isNull()) {
                throw in.error("must not be null; remove the field to use its default");
            }
            return in;
        }
    }

    /** A short description of a JSON value for "was ..." in error messages. */
    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            String s = n.textValue();
            if (s.length() > 40) {
                s = s.substring(0, 37) + "...";
            }
            return "the string \"" + s.replace("\n", "\\n") + "\"";
        }
        if (n.isNumber()) {
            return "the number " + n.asText();
        }
        if (n.isBoolean()) {
            return n.asText();
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A number as people write it: 2, not 2.0. */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** "; did you mean 'x'?" when a known name is within two edits of {@code name}. */
    static String suggestion(String name, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
