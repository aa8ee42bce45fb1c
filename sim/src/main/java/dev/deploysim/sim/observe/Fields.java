package dev.deploysim.sim.observe;

import java.util.Map;

/**
 * The canonical text encoding of one observation: its kind, then {@code name=value} fields
 * separated by tabs, with tab, newline and backslash escaped. The trace hash is computed over
 * these bytes, so the encoding is part of a run's identity: it depends only on field values
 * (never on {@code hashCode}, identity or iteration order of a hash-ordered collection).
 */
public final class Fields {
    private final StringBuilder sb;

    Fields(String kind, long atNanos) {
        sb = new StringBuilder(96);
        sb.append(atNanos).append('\t').append(kind);
    }

    /** Adds a text field; null is encoded as the empty string. */
    public Fields str(String name, String value) {
        sb.append('\t').append(name).append('=');
        escape(value == null ? "" : value, false);
        return this;
    }

    /** Adds an integer field in decimal. */
    public Fields num(String name, long value) {
        sb.append('\t').append(name).append('=').append(value);
        return this;
    }

    /** Adds a boolean field as {@code true} or {@code false}. */
    public Fields bool(String name, boolean value) {
        sb.append('\t').append(name).append('=').append(value);
        return this;
    }

    /** Adds an enum field by its constant name; null is encoded as the empty string. */
    public Fields name(String name, Enum<?> value) {
        return str(name, value == null ? "" : value.name());
    }

    /** Adds a map field as {@code {k:v,k:v}} in the map's own iteration order (use sorted maps). */
    public Fields map(String name, Map<String, String> value) {
        sb.append('\t').append(name).append("={");
        boolean first = true;
        for (Map.Entry<String, String> e : value.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            escape(e.getKey(), true);
            sb.append(':');
            escape(e.getValue(), true);
        }
        sb.append('}');
        return this;
    }

    /** Escapes the separators; inside a map also its punctuation, so that every encoding parses back uniquely. */
    private void escape(String s, boolean inMap) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case ',', ':', '{', '}' -> {
                    if (inMap) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                default -> sb.append(c);
            }
        }
    }

    String text() {
        return sb.toString();
    }
}
