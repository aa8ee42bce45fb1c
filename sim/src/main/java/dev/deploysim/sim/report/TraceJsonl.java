package dev.deploysim.sim.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.observe.Observation;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The observation log as JSON lines: one object per observation, in log order, with
 * {@code atNanos} and {@code kind} first and then the record's fields under their component
 * names, in declaration order (enums by constant name, maps as objects). It carries exactly the
 * facts of the canonical lines the trace hash is computed over, in a form any JSON tool reads.
 *
 * <p>{@link #of} streams the lines through one generator with each record class's components
 * looked up once: building a tree per observation and reflecting on its class every time made
 * this the slowest step of {@code run --out} on a large app (2.3 s of a 1,000-machine run, four
 * times the simulation). {@link #json} builds the same object as a tree.
 */
public final class TraceJsonl {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonFactory JSON = new JsonFactory();
    /** A record class's components other than {@code atNanos}: name and accessor, in declaration order. */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            List<Component> out = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                if (!c.getName().equals("atNanos")) {
                    out.add(new Component(c.getName(), c.getAccessor()));
                }
            }
            return List.copyOf(out);
        }
    };

    private record Component(String name, Method accessor) {
        Object read(Observation o) {
            try {
                return accessor.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + o.kind() + "." + name, e);
            }
        }
    }

    private TraceJsonl() {
    }

    /** Every observation, one JSON object per line, each line newline-terminated. */
    public static String of(Iterable<Observation> log) {
        StringWriter out = new StringWriter(1 << 16);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (Observation o : log) {
                write(g, o);
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Observation o) throws IOException {
        g.writeStartObject();
        g.writeNumberField("atNanos", o.atNanos());
        g.writeStringField("kind", o.kind());
        for (Component c : COMPONENTS.get(o.getClass())) {
            Object v = c.read(o);
            switch (v) {
                case String s -> g.writeStringField(c.name(), s);
                case Long l -> g.writeNumberField(c.name(), l);
                case Integer i -> g.writeNumberField(c.name(), i);
                case Boolean b -> g.writeBooleanField(c.name(), b);
                case Enum<?> e -> g.writeStringField(c.name(), e.name());
                case Map<?, ?> m -> {
                    g.writeObjectFieldStart(c.name());
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        g.writeStringField(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                    }
                    g.writeEndObject();
                }
                case null -> g.writeNullField(c.name());
                default -> throw unsupported(o, c.name(), v);
            }
        }
        g.writeEndObject();
    }

    private static IllegalStateException unsupported(Observation o, String field, Object v) {
        return new IllegalStateException("unsupported field type " + v.getClass().getName() + " in " + o.kind() + "." + field);
    }

    /** One observation as a JSON object. */
    public static ObjectNode json(Observation o) {
        ObjectNode n = F.objectNode();
        n.put("atNanos", o.atNanos());
        n.put("kind", o.kind());
        for (Component c : COMPONENTS.get(o.getClass())) {
            Object v = c.read(o);
            switch (v) {
                case String s -> n.put(c.name(), s);
                case Long l -> n.put(c.name(), l);
                case Integer i -> n.put(c.name(), i);
                case Boolean b -> n.put(c.name(), b);
                case Enum<?> e -> n.put(c.name(), e.name());
                case Map<?, ?> m -> {
                    ObjectNode mo = n.putObject(c.name());
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        mo.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                    }
                }
                case null -> n.putNull(c.name());
                default -> throw unsupported(o, c.name(), v);
            }
        }
        return n;
    }
}
