package dev.deploysim.sim.observe;

import java.util.Map;

/**
 * The canonical text encoding of one observation: its kind, then {@code name=value} fields
 * separated by tabs, with tab, newline and backslash escaped. The trace hash is computed over
 * these bytes, so the encoding is part of a run's identity: it depends only on field values
 * (never on {@code hashCode}, identity or iteration order of a hash-ordered collection).
 *
 * <p>A {@code Fields} either builds the line as text ({@link Observation#line()}) or, for the
 * log's trace hash, feeds the line's UTF-8 bytes straight into FNV-1a without building a string:
 * the same bytes, so the same hash, at a fraction of the cost (docs/performance.md). Encoders
 * cannot tell the two apart.
 */
public final class Fields {
    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Whether {@code c} (ASCII) is written as itself by {@link #escapeOne}; index 128 + c for map context. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0; c < 128; c++) {
            boolean special = c == '\\' || c == '\t' || c == '\n' || c == '\r';
            boolean mapSpecial = special || c == ',' || c == ':' || c == '{' || c == '}';
            PLAIN[c] = !special;
            PLAIN[128 + c] = !mapSpecial;
        }
    }

    /** The text being built; null for a hashing instance. */
    private final StringBuilder sb;
    /** Hashing: FNV-1a state over the bytes fed so far. */
    private long hash;
    /** Hashing: a high surrogate whose low half has not been seen yet, or 0. */
    private char pendingHigh;
    /** Hashing: scratch space for a number's decimal digits. */
    private final char[] digits;

    Fields(String kind, long atNanos) {
        sb = new StringBuilder(96);
        digits = null;
        sb.append(atNanos).append('\t').append(kind);
    }

    private Fields() {
        sb = null;
        digits = new char[20];
    }

    /** A reusable instance that hashes instead of building text (one per log; not thread-safe). */
    static Fields hasher() {
        return new Fields();
    }

    /**
     * Continues FNV-1a state {@code h} over {@code o}'s canonical line and a newline; the result
     * equals hashing {@code (o.line() + "\n").getBytes(UTF_8)} from {@code h}.
     */
    long hashLine(long h, Observation o) {
        hash = h;
        pendingHigh = 0;
        number(o.atNanos());
        put('\t');
        text(o.kind());
        o.encode(this);
        put('\n');
        return hash;
    }

    /** Adds a text field; null is encoded as the empty string. */
    public Fields str(String name, String value) {
        put('\t');
        text(name);
        put('=');
        escape(value == null ? "" : value, false);
        return this;
    }

    /** Adds an integer field in decimal. */
    public Fields num(String name, long value) {
        put('\t');
        text(name);
        put('=');
        number(value);
        return this;
    }

    /** Adds a boolean field as {@code true} or {@code false}. */
    public Fields bool(String name, boolean value) {
        put('\t');
        text(name);
        put('=');
        text(value ? "true" : "false");
        return this;
    }

    /** Adds an enum field by its constant name; null is encoded as the empty string. */
    public Fields name(String name, Enum<?> value) {
        return str(name, value == null ? "" : value.name());
    }

    /** Adds a map field as {@code {k:v,k:v}} in the map's own iteration order (use sorted maps). */
    public Fields map(String name, Map<String, String> value) {
        put('\t');
        text(name);
        put('=');
        put('{');
        boolean first = true;
        for (Map.Entry<String, String> e : value.entrySet()) {
            if (!first) {
                put(',');
            }
            first = false;
            escape(e.getKey(), true);
            put(':');
            escape(e.getValue(), true);
        }
        put('}');
        return this;
    }

    /** Escapes the separators; inside a map also its punctuation, so that every encoding parses back uniquely. */
    private void escape(String s, boolean inMap) {
        if (sb == null) {
            hashEscaped(s, inMap);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            escapeOne(s.charAt(i), inMap);
        }
    }

    private void escapeOne(char c, boolean inMap) {
        switch (c) {
            case '\\' -> {
                put('\\');
                put('\\');
            }
            case '\t' -> {
                put('\\');
                put('t');
            }
            case '\n' -> {
                put('\\');
                put('n');
            }
            case '\r' -> {
                put('\\');
                put('r');
            }
            case ',', ':', '{', '}' -> {
                if (inMap) {
                    put('\\');
                }
                put(c);
            }
            default -> put(c);
        }
    }

    /** {@link #escape} into the hash: plain ASCII in a tight loop, everything else through {@link #escapeOne}. */
    private void hashEscaped(String s, boolean inMap) {
        int offset = inMap ? 128 : 0;
        long h = hash;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && PLAIN[offset + c] && pendingHigh == 0) {
                h = (h ^ c) * FNV_PRIME;
            } else {
                hash = h;
                escapeOne(c, inMap);
                h = hash;
            }
        }
        hash = h;
    }

    String text() {
        return sb.toString();
    }

    // ---- the two sinks: text, or UTF-8 bytes into FNV-1a ----

    private void text(String s) {
        if (sb != null) {
            sb.append(s);
            return;
        }
        long h = hash;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && pendingHigh == 0) {
                h = (h ^ c) * FNV_PRIME;
            } else {
                hash = h;
                feed(c);
                h = hash;
            }
        }
        hash = h;
    }

    private void number(long v) {
        if (sb != null) {
            sb.append(v);
            return;
        }
        if (v == Long.MIN_VALUE || pendingHigh != 0) {
            text(Long.toString(v));
            return;
        }
        if (v < 0) {
            feed('-');
            v = -v;
        }
        char[] d = digits;
        int n = d.length;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            d[--n] = (char) ('0' + r % 10);
            d[--n] = (char) ('0' + r / 10);
            v = q;
        }
        if (v >= 10) {
            d[--n] = (char) ('0' + (int) (v % 10));
            v /= 10;
        }
        d[--n] = (char) ('0' + (int) v);
        long h = hash;
        for (int i = n; i < d.length; i++) {
            h = (h ^ d[i]) * FNV_PRIME;
        }
        hash = h;
    }

    private void put(char c) {
        if (sb != null) {
            sb.append(c);
        } else {
            feed(c);
        }
    }

    /** One UTF-16 unit into the hash, encoded as {@code String.getBytes(UTF_8)} would (lone surrogates become '?'). */
    private void feed(char c) {
        if (c < 0x80 && pendingHigh == 0) {
            hash = (hash ^ c) * FNV_PRIME;
            return;
        }
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                octet(0xf0 | (cp >> 18));
                octet(0x80 | ((cp >> 12) & 0x3f));
                octet(0x80 | ((cp >> 6) & 0x3f));
                octet(0x80 | (cp & 0x3f));
                return;
            }
            octet('?');
        }
        if (c < 0x80) {
            octet(c);
        } else if (c < 0x800) {
            octet(0xc0 | (c >> 6));
            octet(0x80 | (c & 0x3f));
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            octet('?');
        } else {
            octet(0xe0 | (c >> 12));
            octet(0x80 | ((c >> 6) & 0x3f));
            octet(0x80 | (c & 0x3f));
        }
    }

    private void octet(int b) {
        hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
}
