package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Test helpers over JSON trees. */
public final class Json {
    private Json() {
    }

    /** Parses JSON (comments allowed) as scenario files are parsed. */
    public static JsonNode parse(String text) {
        return ScenarioLoader.parse(text, "test");
    }

    /**
     * The first difference between two trees as a path and a description, or null when they are
     * equal; numbers compare by value, so 2 equals 2.0.
     */
    public static String difference(JsonNode a, JsonNode b, String path) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue() ? null : path + ": " + a + " vs " + b;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return path + ": " + a.getNodeType() + " vs " + b.getNodeType();
        }
        if (a.isObject()) {
            List<String> an = names(a);
            List<String> bn = names(b);
            if (!an.equals(bn)) {
                return path + ": fields " + an + " vs " + bn;
            }
            for (String n : an) {
                String d = difference(a.get(n), b.get(n), path + "." + n);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return path + ": " + a.size() + " vs " + b.size() + " elements";
            }
            for (int i = 0; i < a.size(); i++) {
                String d = difference(a.get(i), b.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return a.equals(b) ? null : path + ": " + a + " vs " + b;
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            out.add(it.next().getKey());
        }
        return out;
    }
}
