package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.random.Distribution;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a flat configuration record ({@link dev.deploysim.sim.platform.PlatformConfig},
 * {@link dev.deploysim.sim.platform.ProbeConfig}) to a JSON object whose field names are the
 * record's component names, each absent field taking the value of a defaults instance. Reflection
 * over record components (declaration order, so deterministic) means a knob added to such a record
 * is readable, echoed and defaulted without touching this package; the reference-scenario test
 * then asks for its documentation.
 *
 * <p>Component types: {@code double}, {@code int}, {@code long}, {@code boolean}, {@code String},
 * {@link Distribution} (seconds) and {@link Duration} (a number of seconds). Upper bounds follow
 * the component's name ({@link #readValue}).
 *
 * @param <R> the record type
 */
final class RecordJson<R extends Record> {
    private final Class<R> type;
    private final RecordComponent[] components;
    private final Constructor<R> constructor;
    private final List<String> names = new ArrayList<>();

    RecordJson(Class<R> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            names.add(components[i].getName());
            if (!supported(types[i])) {
                throw new IllegalStateException(type.getSimpleName() + "." + components[i].getName()
                        + " has type " + types[i].getSimpleName() + ", which scenario files cannot express yet");
            }
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor on " + type, e);
        }
    }

    private static boolean supported(Class<?> t) {
        return t == double.class || t == int.class || t == long.class || t == boolean.class || t == String.class
                || t == Distribution.class || t == Duration.class;
    }

    /** The JSON field names, in record order. */
    List<String> fieldNames() {
        return List.copyOf(names);
    }

    R read(JsonIn in, R defaults) {
        JsonIn.Obj obj = in.object(names);
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            JsonIn v = obj.optional(c.getName());
            args[i] = v == null ? get(c, defaults) : readValue(c.getType(), c.getName(), v);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw attribute(in, iae.getMessage());
            }
            throw new IllegalStateException("constructing " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("constructing " + type.getSimpleName(), e);
        }
    }

    /** Names the component a record's validation message starts with, when it starts with one. */
    private ScenarioException attribute(JsonIn in, String message) {
        String msg = message == null ? "invalid value" : message;
        for (String n : names) {
            if (msg.startsWith(n + " ")) {
                return new ScenarioException(in.child(n), msg.substring(n.length() + 1));
            }
        }
        return in.error(msg);
    }

    /**
     * Reads one component's value. Bounds come from the name, so a new knob gets them without a
     * line here: a number named {@code ...Seconds} is a duration and a {@code ...PerSecond} one a
     * rate (see {@link Limits}); every whole number is at most {@link Limits#MAX_COUNT}. Lower
     * bounds and rules between fields stay the record's own (its constructor's message names the
     * field).
     */
    private static Object readValue(Class<?> t, String name, JsonIn v) {
        if (t == double.class) {
            if (name.endsWith("Seconds")) {
                return v.number() < 0 ? v.number() : v.seconds(0, true);
            }
            if (name.endsWith("PerSecond")) {
                return v.number() <= 0 ? v.number() : v.rate();
            }
            return v.number();
        }
        if (t == int.class) {
            return v.integer(Integer.MIN_VALUE, Limits.MAX_COUNT);
        }
        if (t == long.class) {
            return v.whole(Long.MIN_VALUE, Limits.MAX_COUNT);
        }
        if (t == boolean.class) {
            return v.bool();
        }
        if (t == String.class) {
            return v.string();
        }
        if (t == Distribution.class) {
            return DistributionJson.read(v);
        }
        if (t == Duration.class) {
            return Seconds.toDuration(v.seconds(0, true));
        }
        throw new IllegalStateException(t.getName());
    }

    ObjectNode write(R value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (RecordComponent c : components) {
            Object v = get(c, value);
            String n = c.getName();
            switch (v) {
                case Double d -> o.put(n, d);
                case Integer i -> o.put(n, i);
                case Long l -> o.put(n, l);
                case Boolean b -> o.put(n, b);
                case String s -> o.put(n, s);
                case Distribution d -> o.set(n, DistributionJson.write(d));
                case Duration d -> o.put(n, Seconds.of(d));
                default -> throw new IllegalStateException(n + ": " + v);
            }
        }
        return o;
    }

    private static Object get(RecordComponent c, Object value) {
        try {
            return c.getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading " + c.getName(), e);
        }
    }
}
