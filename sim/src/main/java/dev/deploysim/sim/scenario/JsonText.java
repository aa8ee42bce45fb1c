package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Prints a JSON tree the way scenario files are written by hand: two-space indentation, one field
 * per line, and short containers ({@code {"uniform": [0.3, 2.0]}}, a target, a trigger) on one
 * line. Deterministic: the same tree always gives the same text, which ends with a newline.
 */
public final class JsonText {
    /** Containers whose one-line form is at most this long stay on one line. */
    private static final int INLINE_WIDTH = 64;

    private JsonText() {
    }

    public static String print(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, 0, true);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, JsonNode n, int indent, boolean root) {
        if (!n.isContainerNode() || n.isEmpty()) {
            sb.append(inline(n));
            return;
        }
        if (!root) {
            String one = inline(n);
            if (one.length() <= INLINE_WIDTH) {
                sb.append(one);
                return;
            }
        }
        String pad = "  ".repeat(indent + 1);
        if (n.isObject()) {
            sb.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(pad).append(TextNode.valueOf(e.getKey()).toString()).append(": ");
                write(sb, e.getValue(), indent + 1, false);
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append('}');
        } else {
            sb.append("[\n");
            for (int i = 0; i < n.size(); i++) {
                sb.append(pad);
                write(sb, n.get(i), indent + 1, false);
                sb.append(i + 1 < n.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append(']');
        }
    }

    private static String inline(JsonNode n) {
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(TextNode.valueOf(e.getKey()).toString()).append(": ").append(inline(e.getValue()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(inline(n.get(i)));
            }
            return sb.append(']').toString();
        }
        return n.toString();
    }
}
