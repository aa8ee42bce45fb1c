package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The report page: one self-contained HTML file (inline CSS, inline script, no network) that
 * embeds the report's JSON in a {@code <script type="application/json" id="report-data">} element
 * and draws it in the browser. Data first: the page shows nothing that is not in that JSON, and
 * the JSON is the same result or compare JSON written beside it (plus, for a run, its
 * {@link RunTimeline}).
 *
 * <p>Embedded data: {@code {"kind": "run", "result": <result JSON>, "timeline": <timeline>}} or
 * {@code {"kind": "compare", "compare": <compare JSON>}}. The page's script sets
 * {@code data-rendered="ok"} on {@code <body>} and writes {@code rendered} into
 * {@code #render-status} once it has drawn everything, or the error it hit.
 */
public final class HtmlReport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HtmlReport() {
    }

    /** The page of one run. */
    public static String run(ObjectNode result, ObjectNode timeline) {
        ObjectNode data = F.objectNode();
        data.put("kind", "run");
        data.set("result", result);
        data.set("timeline", timeline);
        int machines = result.path("machines").asInt();
        String title = "deploysim run: " + result.path("strategy").asText() + ", " + machines
                + (machines == 1 ? " machine" : " machines") + ", seed " + result.path("seed").asText() + " ("
                + result.path("outcome").asText() + ")";
        return page(title, data);
    }

    /** The page of a comparison. */
    public static String compare(ObjectNode compare) {
        ObjectNode data = F.objectNode();
        data.put("kind", "compare");
        data.set("compare", compare);
        String title = "deploysim compare: " + compare.path("strategies").size() + " strategies at "
                + compare.path("machines").toString() + " machines";
        return page(title, data);
    }

    /** The page of a sensitivity analysis: the tornado and one small chart per parameter, the profiles' values marked. */
    public static String sensitivity(ObjectNode sensitivity) {
        ObjectNode data = F.objectNode();
        data.put("kind", "sensitivity");
        data.set("sensitivity", sensitivity);
        int machines = sensitivity.path("machines").asInt();
        String title = "deploysim sensitivity: " + sensitivity.path("strategy").asText() + ", " + machines
                + (machines == 1 ? " machine" : " machines") + ", " + sensitivity.path("metricLabel").asText();
        return page(title, data);
    }

    /** The embedded data of a page written by this class (the inverse of the embedding). */
    public static String embeddedJson(String html) {
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int start = html.indexOf(open);
        int end = html.indexOf("</script>", start);
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("no report data in the page");
        }
        return html.substring(start + open.length(), end);
    }

    private static String page(String title, JsonNode data) {
        String template = resource("report.html");
        // One pass over the template's {{MARKERS}}: substituted text is never scanned again, so
        // nothing in a title, the script or the data can be mistaken for a marker.
        StringBuilder out = new StringBuilder(template.length() + (1 << 16));
        int i = 0;
        while (true) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                out.append(template, i, template.length());
                return out.toString();
            }
            int close = template.indexOf("}}", open);
            out.append(template, i, open);
            String marker = template.substring(open + 2, close);
            out.append(switch (marker) {
                case "TITLE" -> escapeHtml(title);
                case "CSS" -> resource("report.css");
                case "JS" -> resource("report.js").replace("</script", "<\\/script");
                case "DATA" -> scriptSafe(data.toString());
                default -> throw new IllegalStateException("unknown marker {{" + marker + "}} in report.html");
            });
            i = close + 2;
        }
    }

    /**
     * JSON made safe inside a script element: every {@code <}, {@code >} and {@code &} becomes its
     * JSON unicode escape, which parses back to the same string and can never close the element.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
