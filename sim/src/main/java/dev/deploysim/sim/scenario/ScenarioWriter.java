package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.platform.AppSpec;
import java.time.Duration;
import java.util.Map;

/**
 * Renders a {@link Scenario} as its canonical JSON tree: every field present, in the order of
 * {@link ScenarioReader}'s field lists, so that reading the tree back gives an equal scenario.
 */
final class ScenarioWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ScenarioWriter() {
    }

    static ObjectNode write(Scenario s) {
        ObjectNode o = F.objectNode();
        o.put("schemaVersion", s.schemaVersion());
        o.put("seed", s.seed());
        o.set("app", app(s.app()));
        ObjectNode strategy = o.putObject("strategy");
        strategy.put("name", s.strategy().name());
        ObjectNode options = strategy.putObject("options");
        for (Map.Entry<String, Object> e : s.strategy().options().entrySet()) {
            switch (e.getValue()) {
                case Integer i -> options.put(e.getKey(), i);
                case Long l -> options.put(e.getKey(), l);
                case Double d -> options.put(e.getKey(), d);
                case Boolean b -> options.put(e.getKey(), b);
                case String str -> options.put(e.getKey(), str);
                case Duration d -> options.put(e.getKey(), Seconds.optionText(d));
                default -> throw new IllegalStateException(e.getKey() + ": " + e.getValue());
            }
        }
        o.set("platform", ScenarioReader.PLATFORM.write(s.platform()));
        o.set("probes", ScenarioReader.PROBES.write(s.probes()));
        ArrayNode faults = o.putArray("faults");
        for (Fault f : s.faults()) {
            faults.add(fault(f));
        }
        ObjectNode budget = o.putObject("budget");
        budget.put("maxVirtualSeconds", s.budget().maxVirtualSeconds());
        budget.put("maxEvents", s.budget().maxEvents());
        return o;
    }

    private static ObjectNode app(AppSpec app) {
        ObjectNode o = F.objectNode();
        o.put("name", app.name());
        o.put("currentImage", app.currentImage());
        o.put("newImage", app.newImage());
        o.put("primaryRegion", app.primaryRegion());
        ArrayNode groups = o.putArray("groups");
        for (AppSpec.Group g : app.groups()) {
            ObjectNode go = groups.addObject();
            go.put("name", g.name());
            go.put("started", g.started());
            go.put("stopped", g.stopped());
            go.put("region", g.region());
            go.put("hasServices", g.hasServices());
            ArrayNode checks = go.putArray("checks");
            for (CheckDefinition c : g.checks()) {
                ObjectNode co = checks.addObject();
                co.put("name", c.name());
                co.put("type", c.type());
                co.put("serviceCheck", c.serviceCheck());
                co.put("gracePeriodSeconds", Seconds.of(c.gracePeriod()));
                co.put("intervalSeconds", Seconds.of(c.interval()));
                co.put("timeoutSeconds", Seconds.of(c.timeout()));
            }
            go.put("killTimeoutSeconds", Seconds.of(g.killTimeout()));
            go.put("newVersionHealthy", g.newVersionHealthy());
        }
        return o;
    }

    static ObjectNode fault(Fault f) {
        ObjectNode o = F.objectNode();
        o.put("type", f.kind().jsonName());
        switch (f.target()) {
            case FaultTarget.App a -> o.put("target", "app");
            case FaultTarget.Group g -> o.putObject("target").put("group", g.group());
            case FaultTarget.Machine m -> {
                ObjectNode t = o.putObject("target");
                t.put("group", m.group());
                t.put("machine", m.index());
            }
            case FaultTarget.Region r -> o.putObject("target").put("region", r.region());
        }
        switch (f.when()) {
            case FaultTime.At at -> o.put("atSeconds", at.seconds());
            case FaultTime.OnStep t -> {
                ObjectNode tr = o.putObject("trigger");
                tr.put("step", t.step());
                tr.put("occurrence", t.occurrence());
                tr.put("delaySeconds", t.delaySeconds());
            }
        }
        switch (f) {
            case Fault.MachineCrash c -> o.put("version", c.version().jsonName());
            case Fault.BootFailure b -> o.put("attempts", b.attempts());
            case Fault.BadRelease b -> o.put("mode", b.mode().jsonName());
            case Fault.SlowBoot s -> {
                o.set("extraSeconds", DistributionJson.write(s.extraSeconds()));
                o.put("durationSeconds", s.durationSeconds());
            }
            case Fault.ApiErrors a -> api(o, a.rate(), a.operations(), a.durationSeconds());
            case Fault.ApiTimeouts a -> api(o, a.rate(), a.operations(), a.durationSeconds());
            case Fault.LeaseHeld l -> o.put("durationSeconds", l.durationSeconds());
            case Fault.HostUnreachable h -> o.put("durationSeconds", h.durationSeconds());
            case Fault.PropagationSpike p -> {
                o.set("propagationSeconds", DistributionJson.write(p.propagationSeconds()));
                o.put("durationSeconds", p.durationSeconds());
            }
            case Fault.CapacityExhausted c -> o.put("durationSeconds", c.durationSeconds());
            case Fault.Abort a -> {
                // no parameters
            }
        }
        return o;
    }

    private static void api(ObjectNode o, double rate, java.util.List<String> operations, double durationSeconds) {
        o.put("rate", rate);
        ArrayNode ops = o.putArray("operations");
        operations.forEach(ops::add);
        o.put("durationSeconds", durationSeconds);
    }
}
