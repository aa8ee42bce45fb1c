package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.PlatformProfile;
import dev.deploysim.sim.platform.ProbeConfig;
import dev.deploysim.sim.random.Distribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds a scenario's JSON tree to a {@link Scenario}, field by field, filling absent fields from
 * {@link ScenarioDefaults} and rejecting unknown fields, wrong types and out-of-range values with
 * a {@link ScenarioException} that names the path.
 */
final class ScenarioReader {
    static final List<String> TOP = List.of("schemaVersion", "seed", "app", "strategy", "platform", "probes", "faults", "budget");
    static final List<String> APP = List.of("name", "currentImage", "newImage", "primaryRegion", "groups");
    static final List<String> GROUP = List.of("name", "started", "stopped", "region", "hasServices", "checks",
            "killTimeoutSeconds", "newVersionHealthy");
    static final List<String> CHECK = List.of("name", "type", "serviceCheck", "gracePeriodSeconds", "intervalSeconds",
            "timeoutSeconds");
    static final List<String> STRATEGY = List.of("name", "options");
    static final List<String> BUDGET = List.of("maxVirtualSeconds", "maxEvents");
    static final List<String> CHECK_TYPES = List.of("tcp", "http");
    static final List<String> TRIGGER = List.of("step", "occurrence", "delaySeconds");

    /** The platform's maximum kill_timeout (spec section 8). */
    static final double MAX_KILL_TIMEOUT_SECONDS = 300;
    /** flyctl's bounds on top-level checks (spec section 6). */
    static final double MIN_TOP_LEVEL_INTERVAL_SECONDS = 2;
    static final double MAX_TOP_LEVEL_TIMEOUT_SECONDS = 60;

    static final RecordJson<PlatformConfig> PLATFORM = new RecordJson<>(PlatformConfig.class);
    static final RecordJson<ProbeConfig> PROBES = new RecordJson<>(ProbeConfig.class);

    private final StrategyCatalog catalog;

    ScenarioReader(StrategyCatalog catalog) {
        this.catalog = catalog;
    }

    Scenario read(JsonNode tree) {
        JsonIn root = JsonIn.root(tree);
        JsonIn.Obj o = root.object(TOP);
        JsonIn version = o.optional("schemaVersion");
        int fileVersion = Scenario.SCHEMA_VERSION;
        if (version != null) {
            long v = version.whole();
            if (v != Scenario.SCHEMA_VERSION && v != 1) {
                throw version.error("unsupported version " + v + "; this deploysim reads versions 1 and " + Scenario.SCHEMA_VERSION);
            }
            fileVersion = (int) v;
        }
        JsonIn seedIn = o.optional("seed");
        long seed = seedIn == null ? ScenarioDefaults.SEED : seedIn.whole();
        JsonIn appIn = o.optional("app");
        AppSpec app = appIn == null ? ScenarioDefaults.app(fileVersion) : app(appIn, fileVersion);
        JsonIn strategyIn = o.optional("strategy");
        StrategyChoice strategy = strategy(strategyIn);
        JsonIn platformIn = o.optional("platform");
        PlatformConfig platform = platform(platformIn, fileVersion);
        JsonIn probesIn = o.optional("probes");
        ProbeConfig probes = probesIn == null ? ProbeConfig.defaults() : PROBES.read(probesIn, ProbeConfig.defaults());
        JsonIn faultsIn = o.optional("faults");
        List<Fault> faults = faultsIn == null ? List.of() : faults(faultsIn, app);
        JsonIn budgetIn = o.optional("budget");
        Budget budget = budgetIn == null ? ScenarioDefaults.budget() : budget(budgetIn);
        return new Scenario(Scenario.SCHEMA_VERSION, seed, app, strategy, platform, probes, faults, budget);
    }

    /**
     * The platform: the named profile ({@code platform.profile}; by default {@code fly}, or
     * {@code adverse} in a version 1 file, whose defaults those were) with the file's fields over it.
     */
    private static PlatformConfig platform(JsonIn in, int fileVersion) {
        PlatformProfile base = ScenarioDefaults.profile(fileVersion);
        if (in == null) {
            return base.config();
        }
        // the profile decides the other fields' defaults, so it is read first; PLATFORM.read checks the object
        JsonNode named = in.node().path("profile");
        if (!named.isMissingNode()) {
            JsonIn profileIn = new JsonIn(named, in.child("profile"));
            String id = profileIn.string();
            base = PlatformProfile.byId(id).orElseThrow(() -> profileIn.error("unknown profile '" + id
                    + "'; known: " + String.join(", ", PlatformProfile.ids())));
        }
        return PLATFORM.read(in, base.config());
    }

    private AppSpec app(JsonIn in, int fileVersion) {
        AppSpec d = ScenarioDefaults.app(fileVersion);
        JsonIn.Obj o = in.object(APP);
        String name = string(o, "name", d.name());
        String currentImage = string(o, "currentImage", d.currentImage());
        String newImage = string(o, "newImage", d.newImage());
        String primaryRegion = string(o, "primaryRegion", d.primaryRegion());
        JsonIn groupsIn = o.optional("groups");
        List<AppSpec.Group> groups = new ArrayList<>();
        if (groupsIn == null) {
            for (AppSpec.Group g : d.groups()) {
                groups.add(new AppSpec.Group(g.name(), g.started(), g.stopped(), primaryRegion, g.hasServices(),
                        g.checks(), g.killTimeout(), g.newVersionHealthy()));
            }
        } else {
            TreeSet<String> seen = new TreeSet<>();
            List<JsonIn> items = groupsIn.array();
            if (items.isEmpty()) {
                throw groupsIn.error("an app needs at least one process group");
            }
            if (items.size() > Limits.MAX_GROUPS) {
                throw groupsIn.error("at most " + Limits.MAX_GROUPS + " process groups, was " + items.size());
            }
            for (JsonIn g : items) {
                AppSpec.Group group = group(g, primaryRegion, fileVersion);
                if (!seen.add(group.name())) {
                    throw new ScenarioException(g.child("name"), "duplicate process group '" + group.name() + "'; group names must be unique");
                }
                groups.add(group);
            }
        }
        long machines = 0;
        for (AppSpec.Group g : groups) {
            machines += g.machines();
        }
        if (machines > Limits.MAX_MACHINES) {
            throw (groupsIn == null ? in : groupsIn).error("at most " + Limits.MAX_MACHINES
                    + " machines in the app (started and stopped, every group), was " + machines);
        }
        return new AppSpec(name, currentImage, newImage, primaryRegion, groups);
    }

    private static AppSpec.Group group(JsonIn in, String primaryRegion, int fileVersion) {
        AppSpec.Group d = ScenarioDefaults.group();
        JsonIn.Obj o = in.object(GROUP);
        String name = string(o, "name", d.name());
        int started = count(o, "started", d.started());
        int stopped = count(o, "stopped", d.stopped());
        String region = string(o, "region", primaryRegion);
        JsonIn servicesIn = o.optional("hasServices");
        boolean hasServices = servicesIn == null ? d.hasServices() : servicesIn.bool();
        JsonIn checksIn = o.optional("checks");
        List<CheckDefinition> checks = new ArrayList<>();
        if (checksIn == null) {
            checks.addAll(ScenarioDefaults.checks(hasServices, fileVersion));
        } else {
            TreeSet<String> seen = new TreeSet<>();
            for (JsonIn c : checksIn.array()) {
                CheckDefinition check = check(c);
                if (!seen.add(check.name())) {
                    throw new ScenarioException(c.child("name"), "duplicate check '" + check.name() + "'; check names must be unique within a group");
                }
                if (check.serviceCheck() && !hasServices) {
                    throw new ScenarioException(c.child("serviceCheck"), "a group without services has no service checks; "
                            + "set the group's hasServices to true or this check's serviceCheck to false");
                }
                checks.add(check);
            }
        }
        JsonIn killIn = o.optional("killTimeoutSeconds");
        Duration killTimeout = killIn == null ? d.killTimeout()
                : Seconds.toDuration(killIn.numberAtMost(0, true, MAX_KILL_TIMEOUT_SECONDS));
        JsonIn healthyIn = o.optional("newVersionHealthy");
        boolean healthy = healthyIn == null ? d.newVersionHealthy() : healthyIn.bool();
        return new AppSpec.Group(name, started, stopped, region, hasServices, checks, killTimeout, healthy);
    }

    private static int count(JsonIn.Obj o, String field, int def) {
        JsonIn v = o.optional(field);
        return v == null ? def : v.integer(0, Limits.MAX_MACHINES);
    }

    private static CheckDefinition check(JsonIn in) {
        CheckDefinition d = ScenarioDefaults.check();
        JsonIn.Obj o = in.object(CHECK);
        String name = o.required("name", "give the check a name, unique within its group").name();
        JsonIn typeIn = o.required("type", "set \"tcp\" or \"http\"");
        String type = typeIn.string();
        if (!CHECK_TYPES.contains(type)) {
            throw typeIn.error("unknown check type '" + type + "'; known: " + String.join(", ", CHECK_TYPES));
        }
        JsonIn serviceIn = o.optional("serviceCheck");
        boolean service = serviceIn == null ? d.serviceCheck() : serviceIn.bool();
        JsonIn graceIn = o.optional("gracePeriodSeconds");
        Duration grace = graceIn == null ? d.gracePeriod() : Seconds.toDuration(graceIn.seconds(0, true));
        JsonIn intervalIn = o.optional("intervalSeconds");
        Duration interval = intervalIn == null ? d.interval() : Seconds.toDuration(intervalIn.seconds(0, false));
        JsonIn timeoutIn = o.optional("timeoutSeconds");
        Duration timeout = timeoutIn == null ? d.timeout() : Seconds.toDuration(timeoutIn.seconds(0, false));
        if (!service) {
            // flyctl refuses these for top-level [checks]; a scenario should not model what flyctl rejects.
            if (Seconds.of(interval) < MIN_TOP_LEVEL_INTERVAL_SECONDS) {
                throw new ScenarioException(in.child("intervalSeconds"), "must be >= " + JsonIn.fmt(MIN_TOP_LEVEL_INTERVAL_SECONDS)
                        + " for a top-level check (flyctl's rule), was " + JsonIn.fmt(Seconds.of(interval)));
            }
            if (Seconds.of(timeout) > MAX_TOP_LEVEL_TIMEOUT_SECONDS) {
                throw new ScenarioException(in.child("timeoutSeconds"), "must be <= " + JsonIn.fmt(MAX_TOP_LEVEL_TIMEOUT_SECONDS)
                        + " for a top-level check (flyctl's rule), was " + JsonIn.fmt(Seconds.of(timeout)));
            }
        }
        return new CheckDefinition(name, type, service, grace, interval, timeout);
    }

    private StrategyChoice strategy(JsonIn in) {
        if (in == null) {
            return catalog.resolve("strategy", ScenarioDefaults.STRATEGY, new LinkedHashMap<>());
        }
        JsonIn.Obj o = in.object(STRATEGY);
        JsonIn nameIn = o.optional("name");
        String name = nameIn == null ? ScenarioDefaults.STRATEGY : nameIn.name();
        Map<String, Object> given = new LinkedHashMap<>();
        JsonIn optionsIn = o.optional("options");
        if (optionsIn != null) {
            if (!optionsIn.node().isObject()) {
                throw optionsIn.error("expected an object of option values, e.g. {\"maxUnavailable\": 0.5}, was "
                        + JsonIn.describe(optionsIn.node()));
            }
            var fields = optionsIn.node().fields();
            while (fields.hasNext()) {
                var e = fields.next();
                given.put(e.getKey(), optionValue(new JsonIn(e.getValue(), optionsIn.child(e.getKey()))));
            }
        }
        return catalog.resolve(in.path(), name, given);
    }

    private static Object optionValue(JsonIn v) {
        JsonNode n = v.node();
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            long l = v.whole();
            return l == (int) l ? Integer.valueOf((int) l) : Long.valueOf(l);
        }
        if (n.isNumber()) {
            return v.number();
        }
        throw v.error("expected a number, string or boolean, was " + JsonIn.describe(n));
    }

    private static Budget budget(JsonIn in) {
        JsonIn.Obj o = in.object(BUDGET);
        JsonIn secondsIn = o.optional("maxVirtualSeconds");
        double seconds = secondsIn == null ? ScenarioDefaults.MAX_VIRTUAL_SECONDS : secondsIn.seconds(0, false);
        JsonIn eventsIn = o.optional("maxEvents");
        long events = eventsIn == null ? ScenarioDefaults.MAX_EVENTS : eventsIn.whole(1, Limits.MAX_EVENTS);
        return new Budget(seconds, events);
    }

    private static List<Fault> faults(JsonIn in, AppSpec app) {
        List<Fault> out = new ArrayList<>();
        for (JsonIn f : in.array()) {
            out.add(fault(f, app));
        }
        return out;
    }

    private static Fault fault(JsonIn in, AppSpec app) {
        if (!in.node().isObject()) {
            throw in.error("expected a fault object {\"type\": ..., \"target\": ..., \"atSeconds\": ...}, was "
                    + JsonIn.describe(in.node()));
        }
        JsonNode typeNode = in.node().get("type");
        if (typeNode == null) {
            throw new ScenarioException(in.child("type"), "missing; set one of " + String.join(", ", FaultKind.jsonNames()));
        }
        JsonIn typeIn = new JsonIn(typeNode, in.child("type"));
        String typeName = typeIn.string();
        FaultKind kind = FaultKind.byJsonName(typeName);
        if (kind == null) {
            throw typeIn.error("unknown fault type '" + typeName + "'" + JsonIn.suggestion(typeName, FaultKind.jsonNames())
                    + "; known: " + String.join(", ", FaultKind.jsonNames()));
        }
        List<String> known = new ArrayList<>(List.of("type", "target", "atSeconds", "trigger"));
        known.addAll(kind.parameters());
        JsonIn.Obj o = in.object(known);
        FaultTarget target = target(o, kind, app);
        FaultTime when = when(o);
        return switch (kind) {
            case MACHINE_CRASH -> new Fault.MachineCrash(target, when, version(o.optional("version")));
            case BOOT_FAILURE -> {
                JsonIn a = o.optional("attempts");
                yield new Fault.BootFailure(target, when, a == null ? ScenarioDefaults.BOOT_FAILURE_ATTEMPTS : a.integer(1, 1_000));
            }
            case BAD_RELEASE -> new Fault.BadRelease(target, when, mode(o.optional("mode")));
            case SLOW_BOOT -> new Fault.SlowBoot(target, when,
                    distribution(o, "extraSeconds", ScenarioDefaults.SLOW_BOOT_EXTRA_SECONDS), window(o));
            case API_ERRORS -> new Fault.ApiErrors(target, when, rate(o), operations(o), window(o));
            case API_TIMEOUTS -> new Fault.ApiTimeouts(target, when, rate(o), operations(o), window(o));
            case LEASE_HELD -> new Fault.LeaseHeld(target, when, window(o));
            case HOST_UNREACHABLE -> new Fault.HostUnreachable(target, when, window(o));
            case PROPAGATION_SPIKE -> new Fault.PropagationSpike(target, when,
                    distribution(o, "propagationSeconds", ScenarioDefaults.SPIKE_PROPAGATION_SECONDS), window(o));
            case CAPACITY_EXHAUSTED -> new Fault.CapacityExhausted(target, when, window(o));
            case ABORT -> new Fault.Abort(target, when);
        };
    }

    private static FaultTarget target(JsonIn.Obj o, FaultKind kind, AppSpec app) {
        String accepts = "; " + kind.jsonName() + " targets: " + String.join(", ", kind.targets())
                + " (\"app\", {\"group\": g}, {\"group\": g, \"machine\": i}, {\"region\": r})";
        JsonIn in = o.optional("target");
        if (in == null) {
            if (kind.targetDefaultsToApp()) {
                return FaultTarget.app();
            }
            throw new ScenarioException(o.at().child("target"), "missing" + accepts);
        }
        FaultTarget target;
        JsonNode n = in.node();
        if (n.isTextual()) {
            if (!n.textValue().equals("app")) {
                throw in.error("expected \"app\" or an object, was " + JsonIn.describe(n) + accepts);
            }
            target = FaultTarget.app();
        } else if (n.isObject()) {
            JsonIn.Obj t = in.object(List.of("group", "machine", "region"));
            if (t.has("region")) {
                if (t.has("group") || t.has("machine")) {
                    throw in.error("a region target has only \"region\"" + accepts);
                }
                JsonIn r = t.required("region", "");
                String region = r.name();
                TreeSet<String> regions = new TreeSet<>();
                regions.add(app.primaryRegion());
                for (AppSpec.Group g : app.groups()) {
                    regions.add(g.region());
                }
                if (!regions.contains(region)) {
                    throw r.error("the app has no region '" + region + "'; its regions: " + String.join(", ", regions));
                }
                target = new FaultTarget.Region(region);
            } else {
                JsonIn g = t.required("group", "name the process group" + accepts);
                String group = g.name();
                AppSpec.Group found = null;
                List<String> groupNames = new ArrayList<>();
                for (AppSpec.Group ag : app.groups()) {
                    groupNames.add(ag.name());
                    if (ag.name().equals(group)) {
                        found = ag;
                    }
                }
                if (found == null) {
                    throw g.error("the app has no process group '" + group + "'; its groups: " + String.join(", ", groupNames));
                }
                JsonIn m = t.optional("machine");
                if (m == null) {
                    target = new FaultTarget.Group(group);
                } else {
                    long index = m.whole();
                    if (index < 0 || index >= found.machines()) {
                        throw m.error("must be a machine index of group '" + group + "', 0 to " + (found.machines() - 1)
                                + (found.machines() == 0 ? " (the group has no machines)" : "") + ", was " + index);
                    }
                    target = new FaultTarget.Machine(group, (int) index);
                }
            }
        } else {
            throw in.error("expected \"app\" or an object, was " + JsonIn.describe(n) + accepts);
        }
        if (!kind.targets().contains(target.kind())) {
            throw in.error(kind.jsonName() + " cannot target " + (target.kind().equals("app") ? "the app" : "a " + target.kind())
                    + accepts);
        }
        return target;
    }

    private static FaultTime when(JsonIn.Obj o) {
        JsonIn at = o.optional("atSeconds");
        JsonIn trigger = o.optional("trigger");
        if (at != null && trigger != null) {
            throw trigger.error("a fault has either atSeconds or trigger, not both; remove one");
        }
        if (at != null) {
            return new FaultTime.At(at.seconds(0, true));
        }
        if (trigger == null) {
            throw new ScenarioException(o.at().child("atSeconds"), "missing; set atSeconds (seconds after the deploy starts) "
                    + "or trigger {\"step\": name, \"occurrence\": k}");
        }
        JsonIn.Obj t = trigger.object(TRIGGER);
        String step = t.required("step", "name the strategy step (e.g. updateMachine), or \"any\"").name();
        JsonIn occ = t.optional("occurrence");
        int occurrence = occ == null ? ScenarioDefaults.TRIGGER_OCCURRENCE : occ.integer(1, Integer.MAX_VALUE);
        JsonIn delay = t.optional("delaySeconds");
        double delaySeconds = delay == null ? ScenarioDefaults.TRIGGER_DELAY_SECONDS : delay.seconds(0, true);
        return new FaultTime.OnStep(step, occurrence, delaySeconds);
    }

    private static Fault.Version version(JsonIn in) {
        if (in == null) {
            return ScenarioDefaults.CRASH_VERSION;
        }
        String s = in.string();
        for (Fault.Version v : Fault.Version.values()) {
            if (v.jsonName().equals(s)) {
                return v;
            }
        }
        throw in.error("unknown version '" + s + "'; known: old, new, any");
    }

    private static Fault.BadReleaseMode mode(JsonIn in) {
        if (in == null) {
            return ScenarioDefaults.BAD_RELEASE_MODE;
        }
        String s = in.string();
        for (Fault.BadReleaseMode m : Fault.BadReleaseMode.values()) {
            if (m.jsonName().equals(s)) {
                return m;
            }
        }
        throw in.error("unknown mode '" + s + "'; known: never-healthy, crash-loop");
    }

    private static Distribution distribution(JsonIn.Obj o, String field, Distribution def) {
        JsonIn v = o.optional(field);
        return v == null ? def : DistributionJson.read(v);
    }

    private static double window(JsonIn.Obj o) {
        JsonIn v = o.optional("durationSeconds");
        return v == null ? ScenarioDefaults.FAULT_DURATION_SECONDS : v.seconds(0, false);
    }

    private static double rate(JsonIn.Obj o) {
        JsonIn v = o.optional("rate");
        return v == null ? ScenarioDefaults.API_FAULT_RATE : v.numberAtMost(0, false, 1);
    }

    private static List<String> operations(JsonIn.Obj o) {
        JsonIn v = o.optional("operations");
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (JsonIn op : v.array()) {
            String s = op.string();
            if (!Fault.API_OPERATIONS.contains(s)) {
                throw op.error("unknown operation '" + s + "'" + JsonIn.suggestion(s, Fault.API_OPERATIONS)
                        + "; known: " + String.join(", ", Fault.API_OPERATIONS));
            }
            if (out.contains(s)) {
                throw op.error("operation '" + s + "' is listed twice");
            }
            out.add(s);
        }
        return out;
    }

    private static String string(JsonIn.Obj o, String field, String def) {
        JsonIn v = o.optional(field);
        return v == null ? def : v.name();
    }
}
