package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code --set path=value} assignment, applied to a scenario's JSON tree before binding. The
 * path is dotted field names with list indexes ({@code app.groups[0].started},
 * {@code strategy.options.maxUnavailable}); the value is JSON when it parses as JSON
 * ({@code 3}, {@code true}, {@code {"uniform": [1, 2]}}, {@code "quoted"}) and a plain string
 * otherwise ({@code canary}).
 *
 * @param text the argument as given, for error messages
 * @param steps the parsed path
 * @param value the value to set
 */
public record Assignment(String text, List<Step> steps, JsonNode value) {

    /** One step of a path: a field name or a list index. */
    public sealed interface Step {
    }

    /** A field of an object. */
    public record Field(String name) implements Step {
    }

    /** An element of a list. */
    public record Index(int index) implements Step {
    }

    public Assignment {
        Objects.requireNonNull(text, "text");
        steps = List.copyOf(steps);
        Objects.requireNonNull(value, "value");
        if (steps.isEmpty() || !(steps.get(0) instanceof Field)) {
            throw new IllegalArgumentException("a path starts with a field name");
        }
    }

    /**
     * Parses {@code path=value}.
     *
     * @throws ScenarioException naming the argument when it is not of that form
     */
    public static Assignment parse(String arg) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
            throw new ScenarioException("--set " + arg, "expected path=value, e.g. --set platform.proxyHoldTimeoutSeconds=3");
        }
        String path = arg.substring(0, eq).trim();
        String valueText = arg.substring(eq + 1);
        return new Assignment(arg, parsePath(arg, path), parseValue(valueText));
    }

    /**
     * An assignment built by a program rather than typed: {@code value} is set as is (a CLI flag
     * such as {@code --strategy canary} becomes {@code of("strategy.name", TextNode.valueOf("canary"), "--strategy canary")}).
     *
     * @param text how errors name it
     */
    public static Assignment of(String path, JsonNode value, String text) {
        return new Assignment(text, parsePath(text, path), value);
    }

    static List<Step> parsePath(String arg, String path) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int n = path.length();
        if (n == 0) {
            throw bad(arg, "the path is empty; e.g. --set seed=7");
        }
        while (i < n) {
            int start = i;
            while (i < n && isNameChar(path.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw bad(arg, "expected a field name at position " + (start + 1) + " of '" + path + "'");
            }
            steps.add(new Field(path.substring(start, i)));
            while (i < n && path.charAt(i) == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw bad(arg, "unclosed '[' at position " + (i + 1) + " of '" + path + "'");
                }
                String digits = path.substring(i + 1, close);
                if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 6) {
                    throw bad(arg, "a list index is a number from 0, e.g. groups[0]; was [" + digits + "]");
                }
                steps.add(new Index(Integer.parseInt(digits)));
                i = close + 1;
            }
            if (i < n) {
                if (path.charAt(i) != '.') {
                    throw bad(arg, "unexpected '" + path.charAt(i) + "' at position " + (i + 1) + " of '" + path + "'");
                }
                i++;
                if (i == n) {
                    throw bad(arg, "the path ends with '.'");
                }
            }
        }
        return steps;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static ScenarioException bad(String arg, String problem) {
        return new ScenarioException("--set " + arg, problem);
    }

    private static JsonNode parseValue(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return TextNode.valueOf(text);
        }
        try {
            JsonNode n = ScenarioLoader.MAPPER.readTree(t);
            return n == null || n.isMissingNode() ? TextNode.valueOf(text) : n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /** The path as written: {@code app.groups[0].started}. */
    public String path() {
        return pathOf(steps, steps.size());
    }

    static String pathOf(List<Step> steps, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Step s = steps.get(i);
            if (s instanceof Field f) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(f.name());
            } else {
                sb.append('[').append(((Index) s).index()).append(']');
            }
        }
        return sb.length() == 0 ? JsonIn.ROOT : sb.toString();
    }

    /**
     * Sets the value in {@code root}. A missing object on the way is created empty (binding fills
     * its defaults); a missing list is copied from {@code defaults} (the resolved default
     * scenario's tree) when it has one at that path, so {@code app.groups[0].started=3} edits the
     * default group; an index equal to a list's size appends.
     *
     * @throws ScenarioException naming the path when it runs into a value that is not a container
     *     or past the end of a list
     */
    public void applyTo(ObjectNode root, JsonNode defaults) {
        JsonNode cur = root;
        JsonNode def = defaults;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            Step next = last ? null : steps.get(i + 1);
            String here = pathOf(steps, i);
            String there = pathOf(steps, i + 1);
            JsonNode defChild = def == null ? null : (step instanceof Field f ? def.get(f.name()) : def.get(((Index) step).index()));
            if (step instanceof Field f) {
                if (!(cur instanceof ObjectNode obj)) {
                    throw new ScenarioException(here, "is " + JsonIn.describe(cur) + ", not an object; cannot set '" + f.name() + "' inside it");
                }
                if (last) {
                    obj.set(f.name(), value);
                    return;
                }
                JsonNode child = obj.get(f.name());
                if (child == null || child.isNull()) {
                    if (defChild != null && !defChild.isContainerNode()) {
                        throw new ScenarioException(there, "holds " + JsonIn.describe(defChild) + " (its default), not "
                                + (next instanceof Index ? "a list" : "an object") + "; cannot set " + stepText(next) + " inside it");
                    }
                    child = create(next, defChild);
                    obj.set(f.name(), child);
                }
                cur = child;
            } else {
                int index = ((Index) step).index();
                if (!(cur instanceof ArrayNode arr)) {
                    throw new ScenarioException(here, "is " + JsonIn.describe(cur) + ", not a list; cannot take [" + index + "] of it");
                }
                if (index > arr.size()) {
                    throw new ScenarioException(there, "no such entry: " + here + " has " + arr.size()
                            + (arr.size() == 1 ? " entry" : " entries") + " (index " + arr.size() + " appends one)");
                }
                if (last) {
                    if (index == arr.size()) {
                        arr.add(value);
                    } else {
                        arr.set(index, value);
                    }
                    return;
                }
                JsonNode child;
                if (index == arr.size()) {
                    child = create(next, null);
                    arr.add(child);
                } else {
                    child = arr.get(index);
                }
                cur = child;
            }
            def = defChild;
        }
    }

    private static String stepText(Step s) {
        return s instanceof Field f ? "'" + f.name() + "'" : "[" + ((Index) s).index() + "]";
    }

    private static JsonNode create(Step next, JsonNode defChild) {
        if (next instanceof Index) {
            return defChild != null && defChild.isArray() ? defChild.deepCopy() : JsonNodeFactory.instance.arrayNode();
        }
        return JsonNodeFactory.instance.objectNode();
    }
}
