package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.observe.Observation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * The observation log as JSON lines: one object per observation, in log order, with
 * {@code atNanos} and {@code kind} first and then the record's fields under their component
 * names, in declaration order (enums by constant name, maps as objects). It carries exactly the
 * facts of the canonical lines the trace hash is computed over, in a form any JSON tool reads.
 */
public final class TraceJsonl {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TraceJsonl() {
    }

    /** Every observation, one JSON object per line, each line newline-terminated. */
    public static String of(Iterable<Observation> log) {
        StringBuilder sb = new StringBuilder();
        for (Observation o : log) {
            sb.append(json(o).toString()).append('\n');
        }
        return sb.toString();
    }

    /** One observation as a JSON object. */
    public static ObjectNode json(Observation o) {
        ObjectNode n = F.objectNode();
        n.put("atNanos", o.atNanos());
        n.put("kind", o.kind());
        for (RecordComponent c : o.getClass().getRecordComponents()) {
            if (c.getName().equals("atNanos")) {
                continue;
            }
            Object v;
            try {
                v = c.getAccessor().invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + o.kind() + "." + c.getName(), e);
            }
            switch (v) {
                case String s -> n.put(c.getName(), s);
                case Long l -> n.put(c.getName(), l);
                case Integer i -> n.put(c.getName(), i);
                case Boolean b -> n.put(c.getName(), b);
                case Enum<?> e -> n.put(c.getName(), e.name());
                case Map<?, ?> m -> {
                    ObjectNode mo = n.putObject(c.getName());
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        mo.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                    }
                }
                case null -> n.putNull(c.getName());
                default -> throw new IllegalStateException("unsupported field type " + v.getClass().getName() + " in "
                        + o.kind() + "." + c.getName());
            }
        }
        return n;
    }
}
