package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.random.Distribution.Constant;
import dev.deploysim.sim.random.Distribution.Exponential;
import dev.deploysim.sim.random.Distribution.LogNormal;
import dev.deploysim.sim.random.Distribution.Mixture;
import dev.deploysim.sim.random.Distribution.Uniform;
import dev.deploysim.sim.random.Distribution.Weighted;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a {@link Distribution} of seconds: {@code {"constant": 1}} (or just {@code 1}),
 * {@code {"uniform": [0.3, 2]}}, {@code {"exponential": 1.5}} (the mean),
 * {@code {"lognormal": {"median": 2, "sigma": 0.5, "max": 20}}} ({@code max} 0 or absent = no cap),
 * {@code {"mixture": [{"weight": 0.9, "uniform": [0.5, 10]}, {"weight": 0.1, "uniform": [10, 20]}]}}.
 */
final class DistributionJson {
    static final List<String> KINDS = List.of("constant", "uniform", "exponential", "lognormal", "mixture");
    private static final String EXAMPLES = "{\"constant\": 1}, {\"uniform\": [0.3, 2]}, {\"exponential\": 1.5}, "
            + "{\"lognormal\": {\"median\": 2, \"sigma\": 0.5}} or {\"mixture\": [{\"weight\": 0.9, \"uniform\": [0.5, 10]}, ...]}";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DistributionJson() {
    }

    static Distribution read(JsonIn in) {
        if (in.node().isNumber()) {
            return new Constant(in.seconds(0, true));
        }
        if (!in.node().isObject()) {
            throw in.error("expected a distribution such as " + EXAMPLES + ", was " + JsonIn.describe(in.node()));
        }
        if (in.node().size() != 1) {
            throw in.error("a distribution is an object with exactly one of " + String.join(", ", KINDS)
                    + ", e.g. {\"uniform\": [0.3, 2]}; found " + in.node().size() + " fields");
        }
        JsonIn.Obj obj = in.object(KINDS);
        return readKind(obj);
    }

    /** Reads the one distribution field of {@code obj} (a distribution or a mixture component). */
    private static Distribution readKind(JsonIn.Obj obj) {
        for (String kind : KINDS) {
            JsonIn v = obj.optional(kind);
            if (v == null) {
                continue;
            }
            return switch (kind) {
                case "constant" -> new Constant(v.seconds(0, true));
                case "uniform" -> uniform(v);
                case "exponential" -> new Exponential(v.seconds(0, true));
                case "lognormal" -> lognormal(v);
                case "mixture" -> mixture(v);
                default -> throw new IllegalStateException(kind);
            };
        }
        throw obj.at().error("missing the distribution: add one of " + String.join(", ", KINDS));
    }

    private static Distribution uniform(JsonIn v) {
        List<JsonIn> bounds = v.array();
        if (bounds.size() != 2) {
            throw v.error("expected [min, max] (two numbers of seconds), was a list of " + bounds.size());
        }
        double min = bounds.get(0).seconds(0, true);
        double max = bounds.get(1).seconds(0, true);
        if (max < min) {
            throw bounds.get(1).error("max must be >= min (" + JsonIn.fmt(min) + "), was " + JsonIn.fmt(max));
        }
        return new Uniform(min, max);
    }

    private static Distribution lognormal(JsonIn v) {
        JsonIn.Obj o = v.object(List.of("median", "sigma", "max"));
        double median = o.required("median", "the median in seconds, > 0").seconds(0, false);
        double sigma = o.required("sigma", "the standard deviation of the log, >= 0")
                .numberAtMost(0, true, Limits.MAX_SIGMA);
        JsonIn max = o.optional("max");
        return new LogNormal(median, sigma, max == null ? 0 : max.seconds(0, true));
    }

    private static Distribution mixture(JsonIn v) {
        List<JsonIn> items = v.array();
        if (items.isEmpty()) {
            throw v.error("a mixture needs at least one component {\"weight\": w, <distribution>}");
        }
        List<Weighted> out = new ArrayList<>();
        for (JsonIn item : items) {
            List<String> known = new ArrayList<>();
            known.add("weight");
            known.addAll(KINDS);
            JsonIn.Obj o = item.object(known);
            double weight = o.required("weight", "the component's weight, > 0")
                    .numberAtMost(0, false, Limits.MAX_WEIGHT);
            if (item.node().size() != 2) {
                throw item.error("a mixture component is {\"weight\": w} plus exactly one of " + String.join(", ", KINDS));
            }
            out.add(new Weighted(weight, readKind(o)));
        }
        return new Mixture(out);
    }

    static ObjectNode write(Distribution d) {
        ObjectNode o = F.objectNode();
        writeInto(o, d);
        return o;
    }

    private static void writeInto(ObjectNode o, Distribution d) {
        switch (d) {
            case Constant c -> o.put("constant", c.seconds());
            case Uniform u -> {
                ArrayNode a = o.putArray("uniform");
                a.add(u.min());
                a.add(u.max());
            }
            case Exponential e -> o.put("exponential", e.mean());
            case LogNormal l -> {
                ObjectNode p = o.putObject("lognormal");
                p.put("median", l.median());
                p.put("sigma", l.sigma());
                p.put("max", l.max());
            }
            case Mixture m -> {
                ArrayNode a = o.putArray("mixture");
                for (Weighted w : m.components()) {
                    ObjectNode c = a.addObject();
                    c.put("weight", w.weight());
                    writeInto(c, w.distribution());
                }
            }
        }
    }
}
