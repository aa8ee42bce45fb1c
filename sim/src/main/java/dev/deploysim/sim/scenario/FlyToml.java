package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.ProbeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads a fly.toml as a scenario: the app as flyctl would deploy it, with {@code machines} started
 * machines in each process group, and a report of what was used, what was defaulted and what was
 * ignored. Read: {@code app}, {@code primary_region}, {@code kill_timeout}, {@code [processes]},
 * {@code [deploy]} ({@code strategy}, {@code max_unavailable}, {@code wait_timeout}),
 * {@code [http_service]} and {@code [[http_service.checks]]}, {@code [[services]]} with
 * {@code tcp_checks} and {@code http_checks}, and top-level {@code [checks]}; everything else is
 * reported as ignored. Invalid values fail with a {@link ScenarioException} naming the fly.toml key.
 *
 * <p>Facts from flyctl it follows: an item without {@code processes} belongs to the default group
 * ({@code app} if present, else the first group name in sorted order); groups are sorted by name;
 * integer check {@code interval}/{@code timeout} values are milliseconds (flyctl's legacy-format
 * patch) while an integer {@code kill_timeout} is seconds (the docs' form), and an integer
 * {@code grace_period} or {@code wait_timeout} is refused (flyctl would read nanoseconds, surely
 * not what was meant: write {@code "10s"}); service checks are
 * named {@code servicecheck-NN-type-port}, tcp checks before http checks within a service; a
 * top-level check needs type tcp or http, an interval of at least 2 s and a timeout of at most 60 s;
 * {@code max_unavailable} must be &gt; 0 (flyctl leaves the fly.toml value unchecked and 0 makes its
 * pool size 0); canary refuses {@code [mounts]}. Unset check timings take the tcp defaults of spec
 * section 8 (grace 1 s, interval 15 s, timeout 2 s).
 */
public final class FlyToml {
    /** Where fly.toml options land among the strategy's options. */
    public static final String MAX_UNAVAILABLE_OPTION = "maxUnavailable";
    public static final String WAIT_TIMEOUT_OPTION = "waitTimeout";
    /** {@code fly launch}'s internal port, for naming checks of a service that sets none. */
    static final int DEFAULT_INTERNAL_PORT = 8080;
    private static final TomlMapper TOML = new TomlMapper();

    private final StrategyCatalog catalog;

    public FlyToml(StrategyCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * What a fly.toml became.
     *
     * @param scenario the resolved scenario
     * @param used each fly.toml key that shaped it, and where it went
     * @param defaulted each relevant key fly.toml leaves out, and the default taken
     * @param ignored each key present but not simulated, and why
     */
    public record Result(Scenario scenario, List<String> used, List<String> defaulted, List<String> ignored) {
        public Result {
            Objects.requireNonNull(scenario, "scenario");
            used = List.copyOf(used);
            defaulted = List.copyOf(defaulted);
            ignored = List.copyOf(ignored);
        }
    }

    /**
     * Reads {@code file}.
     *
     * @param machines started machines per process group (flyctl's fly.toml says nothing about counts)
     * @param strategyOverride a {@code --strategy} given on the command line, which wins over
     *     {@code [deploy] strategy} as flyctl's flag does; null for none
     */
    public Result read(Path file, int machines, String strategyOverride) {
        String name = file.toString();
        String text = ScenarioLoader.readFile(file);
        try {
            return parse(text, machines, strategyOverride);
        } catch (ScenarioException e) {
            throw e.source() == null ? e.withSource(name) : e;
        }
    }

    /** Reads fly.toml text (errors carry no source; {@link #read} adds the file name). */
    public Result parse(String text, int machines, String strategyOverride) {
        if (machines < 1) {
            throw new ScenarioException("--machines", "must be >= 1, was " + machines);
        }
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String msg = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new ScenarioException(JsonIn.ROOT, "invalid TOML" + where + ": " + msg);
        }
        if (root == null || !root.isObject()) {
            root = TOML.createObjectNode();
        }
        return new Reading(root, machines, strategyOverride).run();
    }

    /** One fly.toml being read: the tree and the three report lists. */
    private final class Reading {
        private final JsonNode root;
        private final int machines;
        private final String strategyOverride;
        private final List<String> used = new ArrayList<>();
        private final List<String> defaulted = new ArrayList<>();
        private final List<String> ignored = new ArrayList<>();
        private final List<String> groupNames = new ArrayList<>();
        private final Map<String, List<CheckDefinition>> checks = new LinkedHashMap<>();
        private final Map<String, Boolean> services = new LinkedHashMap<>();
        private final Map<String, Integer> serviceCheckCount = new LinkedHashMap<>();

        Reading(JsonNode root, int machines, String strategyOverride) {
            this.root = root;
            this.machines = machines;
            this.strategyOverride = strategyOverride;
        }

        Result run() {
            AppSpec defaults = ScenarioDefaults.app();
            String appName = topString("app", defaults.name(), "app.name");
            String region = topString("primary_region", defaults.primaryRegion(), "app.primaryRegion and every group's region");
            Duration killTimeout = killTimeout();
            groups();
            String defaultGroup = groupNames.contains("app") ? "app" : groupNames.get(0);
            StrategyChoice strategy = deploy();
            mounts(strategy.name());
            httpService(defaultGroup);
            services(defaultGroup);
            topLevelChecks(defaultGroup);
            otherTopLevelKeys();

            List<AppSpec.Group> groups = new ArrayList<>();
            for (String g : groupNames) {
                groups.add(new AppSpec.Group(g, machines, 0, region, services.get(g), checks.get(g), killTimeout, true));
            }
            AppSpec app = new AppSpec(appName, defaults.currentImage(), defaults.newImage(), region, groups);
            Scenario s = new Scenario(Scenario.SCHEMA_VERSION, ScenarioDefaults.SEED, app, strategy,
                    PlatformConfig.defaults(), ProbeConfig.defaults(), List.of(), ScenarioDefaults.budget());
            return new Result(s, used, defaulted, ignored);
        }

        private String topString(String key, String def, String target) {
            JsonNode n = root.get(key);
            if (n == null) {
                defaulted.add(key + " not set: \"" + def + "\" for " + target);
                return def;
            }
            String v = new JsonIn(n, key).name();
            used.add(key + " = \"" + v + "\" -> " + target);
            return v;
        }

        private Duration killTimeout() {
            Duration def = ScenarioDefaults.group().killTimeout();
            JsonNode n = root.get("kill_timeout");
            if (n == null) {
                defaulted.add("kill_timeout not set: " + GoDuration.format(def) + " (the platform's default)");
                return def;
            }
            JsonIn in = new JsonIn(n, "kill_timeout");
            Duration d;
            if (n.isIntegralNumber()) {
                d = Duration.ofSeconds(in.whole(0, (long) ScenarioReader.MAX_KILL_TIMEOUT_SECONDS));
            } else if (n.isTextual()) {
                d = duration(in);
            } else {
                throw in.error("expected seconds (5) or a duration string (\"5s\", \"1m0s\"), was " + JsonIn.describe(n));
            }
            if (Seconds.of(d) > ScenarioReader.MAX_KILL_TIMEOUT_SECONDS) {
                throw in.error("must be <= 300s (the platform's maximum), was " + GoDuration.format(d));
            }
            used.add("kill_timeout = " + n + " -> killTimeoutSeconds " + JsonIn.fmt(Seconds.of(d)) + " in every group");
            return d;
        }

        private void groups() {
            JsonNode p = root.get("processes");
            if (p == null || (p.isObject() && p.isEmpty()) || (p.isArray() && p.isEmpty())) {
                groupNames.add("app");
                defaulted.add("processes not set: one process group 'app'");
            } else {
                JsonIn in = new JsonIn(p, "processes");
                if (!p.isObject()) {
                    throw in.error("expected a table of process group name = command, was " + JsonIn.describe(p));
                }
                TreeSet<String> names = new TreeSet<>();
                p.fieldNames().forEachRemaining(names::add);
                if (names.size() > Limits.MAX_GROUPS) {
                    throw in.error("at most " + Limits.MAX_GROUPS + " process groups, was " + names.size());
                }
                groupNames.addAll(names);
                used.add("processes -> process groups " + String.join(", ", groupNames) + " (commands are not simulated)");
            }
            for (String g : groupNames) {
                checks.put(g, new ArrayList<>());
                services.put(g, false);
                serviceCheckCount.put(g, 0);
            }
            used.add("--machines " + machines + " -> " + machines + " started machine" + (machines == 1 ? "" : "s")
                    + " in each group");
        }

        private StrategyChoice deploy() {
            JsonNode d = root.get("deploy");
            Map<String, Object> options = new LinkedHashMap<>();
            String strategy = null;
            String strategyPath = "deploy.strategy";
            JsonNode maxUnavailable = null;
            JsonNode waitTimeout = null;
            if (d != null) {
                JsonIn in = new JsonIn(d, "deploy");
                if (!d.isObject()) {
                    throw in.error("expected a table [deploy], was " + JsonIn.describe(d));
                }
                Iterator<Map.Entry<String, JsonNode>> it = d.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonIn v = new JsonIn(e.getValue(), in.child(e.getKey()));
                    switch (e.getKey()) {
                        case "strategy" -> strategy = v.name();
                        case "max_unavailable" -> {
                            v.number(0, false);
                            maxUnavailable = e.getValue();
                        }
                        case "wait_timeout" -> {
                            Duration w = duration(v);
                            if (w.isZero()) {
                                throw v.error("must be > 0, was " + e.getValue());
                            }
                            waitTimeout = e.getValue();
                            options.put(WAIT_TIMEOUT_OPTION, w);
                        }
                        case "release_command", "release_command_timeout", "release_command_vm", "seed_command" ->
                                ignored.add(v.path() + ": release and seed commands are not simulated");
                        default -> ignored.add(v.path() + ": not a [deploy] setting deploysim knows");
                    }
                }
            }
            if (strategyOverride != null) {
                if (strategy != null) {
                    ignored.add("deploy.strategy = \"" + strategy + "\": --strategy " + strategyOverride + " wins, as in flyctl");
                }
                strategy = strategyOverride;
                strategyPath = "--strategy";
                used.add("--strategy " + strategyOverride + " -> strategy.name");
            } else if (strategy == null) {
                strategy = ScenarioDefaults.STRATEGY;
                defaulted.add("deploy.strategy not set: flyctl's default '" + strategy + "'");
            } else {
                used.add("deploy.strategy = \"" + strategy + "\" -> strategy.name");
            }
            if (!catalog.contains(strategy)) {
                throw new ScenarioException(strategyPath, "unknown strategy '" + strategy + "'"
                        + JsonIn.suggestion(strategy, List.copyOf(catalog.names())) + "; known: " + String.join(", ", catalog.names()));
            }
            if (maxUnavailable != null) {
                if (catalog.acceptsOption(strategy, MAX_UNAVAILABLE_OPTION)) {
                    options.put(MAX_UNAVAILABLE_OPTION, maxUnavailable.doubleValue());
                    used.add("deploy.max_unavailable = " + maxUnavailable + " -> strategy.options." + MAX_UNAVAILABLE_OPTION
                            + (maxUnavailable.doubleValue() >= 1 ? " (a machine count)" : " (a fraction of each group's started machines)"));
                } else {
                    ignored.add("deploy.max_unavailable: the " + strategy + " strategy takes no " + MAX_UNAVAILABLE_OPTION
                            + " (flyctl ignores it too)");
                }
            }
            if (waitTimeout != null) {
                if (catalog.acceptsOption(strategy, WAIT_TIMEOUT_OPTION)) {
                    used.add("deploy.wait_timeout = " + waitTimeout + " -> strategy.options." + WAIT_TIMEOUT_OPTION);
                } else {
                    options.remove(WAIT_TIMEOUT_OPTION);
                    ignored.add("deploy.wait_timeout: the " + strategy + " strategy takes no " + WAIT_TIMEOUT_OPTION);
                }
            }
            try {
                return catalog.resolve("strategy", strategy, options);
            } catch (ScenarioException e) {
                String path = e.path().equals("strategy.options." + MAX_UNAVAILABLE_OPTION) ? "deploy.max_unavailable"
                        : e.path().equals("strategy.options." + WAIT_TIMEOUT_OPTION) ? "deploy.wait_timeout"
                        : e.path().equals("strategy.name") ? strategyPath : e.path();
                throw new ScenarioException(path, e.problem());
            }
        }

        private void mounts(String strategy) {
            for (String key : List.of("mounts", "mount")) {
                JsonNode m = root.get(key);
                if (m == null) {
                    continue;
                }
                if (strategy.equals("canary")) {
                    throw new ScenarioException(key, "the canary strategy cannot be used with [mounts] (flyctl refuses it); "
                            + "use rolling, or remove the mounts");
                }
                ignored.add(key + ": volumes are not modelled (a machine with a volume updates in place like any other)");
            }
        }

        private void httpService(String defaultGroup) {
            JsonNode h = root.get("http_service");
            if (h == null) {
                return;
            }
            JsonIn in = new JsonIn(h, "http_service");
            if (!h.isObject()) {
                throw in.error("expected a table [http_service], was " + JsonIn.describe(h));
            }
            List<String> targets = processes(in, defaultGroup);
            int port = internalPort(in);
            for (String g : targets) {
                services.put(g, true);
            }
            used.add("http_service -> hasServices true in group" + plural(targets) + " " + String.join(", ", targets));
            Iterator<Map.Entry<String, JsonNode>> it = h.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonIn v = new JsonIn(e.getValue(), in.child(e.getKey()));
                switch (e.getKey()) {
                    case "processes", "internal_port" -> {
                        // read above
                    }
                    case "checks" -> serviceChecks(v, "http", port, targets);
                    case "tcp_checks", "http_checks" -> ignored.add(v.path()
                            + ": flyctl reads no such key under [http_service]; its checks are [[http_service.checks]]");
                    default -> ignoreServiceKey(v, e.getKey());
                }
            }
        }

        private void services(String defaultGroup) {
            JsonNode s = root.get("services");
            if (s == null) {
                return;
            }
            JsonIn all = new JsonIn(s, "services");
            List<JsonIn> list;
            if (s.isObject()) {
                list = List.of(all);
            } else if (s.isArray()) {
                list = all.array();
            } else {
                throw all.error("expected [[services]] tables, was " + JsonIn.describe(s));
            }
            for (JsonIn in : list) {
                if (!in.node().isObject()) {
                    throw in.error("expected a [[services]] table, was " + JsonIn.describe(in.node()));
                }
                List<String> targets = processes(in, defaultGroup);
                int port = internalPort(in);
                // tcp checks come before http checks in a machine's service, as flyctl builds it.
                JsonNode tcp = in.node().get("tcp_checks");
                JsonNode http = in.node().get("http_checks");
                for (String g : targets) {
                    services.put(g, true);
                }
                used.add(in.path() + " -> hasServices true in group" + plural(targets) + " " + String.join(", ", targets));
                if (tcp != null) {
                    serviceChecks(new JsonIn(tcp, in.child("tcp_checks")), "tcp", port, targets);
                }
                if (http != null) {
                    serviceChecks(new JsonIn(http, in.child("http_checks")), "http", port, targets);
                }
                Iterator<Map.Entry<String, JsonNode>> it = in.node().fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    switch (e.getKey()) {
                        case "processes", "internal_port", "tcp_checks", "http_checks" -> {
                            // read above
                        }
                        default -> ignoreServiceKey(new JsonIn(e.getValue(), in.child(e.getKey())), e.getKey());
                    }
                }
            }
        }

        private void ignoreServiceKey(JsonIn v, String key) {
            String why = switch (key) {
                case "auto_stop_machines", "auto_start_machines", "min_machines_running" ->
                        "autostop and autostart are not modelled: machines stay as the deploy leaves them";
                case "concurrency" -> "load and concurrency limits are not modelled";
                case "machine_checks" -> "machine checks (throwaway test machines) are not simulated";
                case "script_checks" -> "script checks belong to the retired V1 platform";
                default -> "ports, protocols and proxy options do not change routing in the simulator";
            };
            ignored.add(v.path() + ": " + why);
        }

        private List<String> processes(JsonIn service, String defaultGroup) {
            JsonNode p = service.node().get("processes");
            if (p == null || (p.isArray() && p.isEmpty())) {
                return List.of(defaultGroup);
            }
            JsonIn in = new JsonIn(p, service.child("processes"));
            List<String> out = new ArrayList<>();
            for (JsonIn item : in.array()) {
                String g = item.name();
                if (!groupNames.contains(g)) {
                    throw item.error("no process group '" + g + "'; groups: " + String.join(", ", groupNames)
                            + " (define it under [processes])");
                }
                if (!out.contains(g)) {
                    out.add(g);
                }
            }
            return out;
        }

        private int internalPort(JsonIn service) {
            JsonNode p = service.node().get("internal_port");
            if (p == null) {
                defaulted.add(service.child("internal_port") + " not set: " + DEFAULT_INTERNAL_PORT + " (only names the service's checks)");
                return DEFAULT_INTERNAL_PORT;
            }
            JsonIn in = new JsonIn(p, service.child("internal_port"));
            if (p.isTextual()) {
                try {
                    return Integer.parseInt(p.textValue().trim());
                } catch (NumberFormatException e) {
                    throw in.error("expected a port number, was " + JsonIn.describe(p));
                }
            }
            return in.integer(1, 65535);
        }

        private void serviceChecks(JsonIn list, String type, int port, List<String> targets) {
            List<JsonIn> items = list.node().isObject() ? List.of(list) : list.array();
            for (JsonIn c : items) {
                if (!c.node().isObject()) {
                    throw c.error("expected a check table, was " + JsonIn.describe(c.node()));
                }
                Timings t = timings(c, true);
                for (String g : targets) {
                    int n = serviceCheckCount.get(g);
                    serviceCheckCount.put(g, n + 1);
                    String name = String.format(java.util.Locale.ROOT, "servicecheck-%02d-%s-%d", n, type, port);
                    checks.get(g).add(new CheckDefinition(name, type, true, t.grace, t.interval, t.timeout));
                    used.add(c.path() + " -> group " + g + " service check " + name + " (" + t + ")");
                }
            }
        }

        private void topLevelChecks(String defaultGroup) {
            JsonNode node = root.get("checks");
            if (node == null) {
                return;
            }
            JsonIn all = new JsonIn(node, "checks");
            List<JsonIn> entries = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    entries.add(new JsonIn(e.getValue(), all.child(e.getKey())));
                    names.add(e.getKey());
                }
            } else if (node.isArray()) {
                for (JsonIn item : all.array()) {
                    JsonNode n = item.node().get("name");
                    if (n == null || !n.isTextual() || n.textValue().isBlank()) {
                        throw new ScenarioException(item.child("name"), "a [[checks]] entry needs a name (or write [checks.NAME])");
                    }
                    entries.add(item);
                    names.add(n.textValue());
                }
            } else {
                throw all.error("expected [checks.NAME] tables, was " + JsonIn.describe(node));
            }
            for (int i = 0; i < entries.size(); i++) {
                JsonIn c = entries.get(i);
                String name = names.get(i);
                if (!c.node().isObject()) {
                    throw c.error("expected a check table, was " + JsonIn.describe(c.node()));
                }
                JsonNode typeNode = c.node().get("type");
                if (typeNode == null) {
                    throw new ScenarioException(c.child("type"), "missing; a top-level check's type must be tcp or http (flyctl's rule)");
                }
                JsonIn typeIn = new JsonIn(typeNode, c.child("type"));
                String type = typeIn.string();
                if (!ScenarioReader.CHECK_TYPES.contains(type)) {
                    throw typeIn.error("must be tcp or http (flyctl's rule), was '" + type + "'");
                }
                Timings t = timings(c, false);
                List<String> targets = processes(c, defaultGroup);
                for (String g : targets) {
                    for (CheckDefinition existing : checks.get(g)) {
                        if (existing.name().equals(name)) {
                            throw new ScenarioException(c.path(), "group " + g + " already has a check named '" + name + "'");
                        }
                    }
                    checks.get(g).add(new CheckDefinition(name, type, false, t.grace, t.interval, t.timeout));
                    used.add(c.path() + " -> group " + g + " top-level " + type + " check " + name + " (" + t
                            + "; gates flyctl's health wait, never routing)");
                }
            }
        }

        /** Grace, interval and timeout of a check table; reports its other keys as ignored. */
        private Timings timings(JsonIn c, boolean service) {
            CheckDefinition d = ScenarioDefaults.check();
            Duration grace = d.gracePeriod();
            Duration interval = d.interval();
            Duration timeout = d.timeout();
            List<String> unset = new ArrayList<>(List.of("grace_period", "interval", "timeout"));
            Iterator<Map.Entry<String, JsonNode>> it = c.node().fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonIn v = new JsonIn(e.getValue(), c.child(e.getKey()));
                switch (e.getKey()) {
                    case "grace_period" -> grace = duration(v);
                    case "interval" -> interval = checkDuration(v);
                    case "timeout" -> timeout = checkDuration(v);
                    case "type", "name", "processes" -> {
                        // read by the caller
                    }
                    case "restart_limit" -> ignored.add(v.path() + ": restart limits belong to the retired V1 platform");
                    default -> ignored.add(v.path() + ": a check passes when the app is ready and running; "
                            + "ports, paths, methods and headers are not simulated");
                }
                unset.remove(e.getKey());
            }
            if (interval.isZero()) {
                throw new ScenarioException(c.child("interval"), "must be > 0, was 0s");
            }
            if (timeout.isZero()) {
                throw new ScenarioException(c.child("timeout"), "must be > 0, was 0s");
            }
            if (!service) {
                if (Seconds.of(interval) < ScenarioReader.MIN_TOP_LEVEL_INTERVAL_SECONDS) {
                    throw new ScenarioException(c.child("interval"), "must be >= 2s for a top-level check (flyctl's rule), was "
                            + GoDuration.format(interval));
                }
                if (Seconds.of(timeout) > ScenarioReader.MAX_TOP_LEVEL_TIMEOUT_SECONDS) {
                    throw new ScenarioException(c.child("timeout"), "must be <= 60s for a top-level check (flyctl's rule), was "
                            + GoDuration.format(timeout));
                }
            }
            for (String k : unset) {
                Duration v = k.equals("grace_period") ? grace : k.equals("interval") ? interval : timeout;
                defaulted.add(c.child(k) + " not set: " + GoDuration.format(v));
            }
            return new Timings(grace, interval, timeout);
        }

        /** A check's interval or timeout: a Go duration string, or an integer of milliseconds (flyctl's legacy form). */
        private Duration checkDuration(JsonIn v) {
            if (v.node().isIntegralNumber()) {
                return Duration.ofMillis(v.whole(0, 86_400_000L));
            }
            return duration(v);
        }

        private Duration duration(JsonIn v) {
            if (!v.node().isTextual()) {
                throw v.error("expected a duration string such as \"15s\" or \"1m0s\", was " + JsonIn.describe(v.node()));
            }
            try {
                return GoDuration.parse(v.node().textValue());
            } catch (IllegalArgumentException e) {
                throw v.error("expected a duration such as \"15s\", \"500ms\" or \"1m0s\", was \"" + v.node().textValue()
                        + "\" (" + e.getMessage() + ")");
            }
        }

        private void otherTopLevelKeys() {
            List<String> read = List.of("app", "primary_region", "kill_timeout", "processes", "deploy", "mounts", "mount",
                    "http_service", "services", "checks");
            Iterator<String> it = root.fieldNames();
            while (it.hasNext()) {
                String key = it.next();
                if (read.contains(key)) {
                    continue;
                }
                String why = switch (key) {
                    case "build" -> "images are not built: the deploy rolls out a new image name";
                    case "env", "files", "statics", "metrics", "console_command", "swap_size_mb", "experimental" ->
                            "does not affect how machines are replaced";
                    case "vm", "compute" -> "guest sizes are not modelled";
                    case "kill_signal" -> "stops last min(app shutdown, kill_timeout) whatever the signal";
                    case "restart" -> "restart policies are not modelled";
                    case "machine_checks" -> "machine checks (throwaway test machines) are not simulated";
                    default -> "not simulated";
                };
                ignored.add(key + ": " + why);
            }
        }

        private static String plural(List<String> l) {
            return l.size() == 1 ? "" : "s";
        }
    }

    /** A check's timings. */
    private record Timings(Duration grace, Duration interval, Duration timeout) {
        @Override
        public String toString() {
            return "grace " + GoDuration.format(grace) + ", interval " + GoDuration.format(interval)
                    + ", timeout " + GoDuration.format(timeout);
        }
    }
}
