package dev.deploysim.sim.sensitivity;

import dev.deploysim.model.deploy.Options;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.PlatformProfile;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.StrategyChoice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's parameters with the ranges their profiles span, and the {@code --params} and
 * {@code --vary} syntax. A parameter's range runs from the lowest to the highest value it has in
 * {@code ideal}, {@code fly}, {@code fly-2024} and {@code adverse} ({@code constant} is a test
 * fixture, not an assumption about a platform); a parameter equal in all four (today
 * {@code legacyCanaryGetsTraffic}) has no range and is not varied unless {@code --vary} gives one.
 */
public final class Parameters {
    /** The profiles whose values bound each parameter's range. */
    public static final List<PlatformProfile> RANGE_PROFILES =
            List.of(PlatformProfile.IDEAL, PlatformProfile.FLY, PlatformProfile.FLY_2024, PlatformProfile.ADVERSE);

    private static final String PLATFORM = "platform.";
    private static final String OPTIONS = "strategy.options.";
    private static final Pattern VARY = Pattern.compile("\\s*([A-Za-z0-9_.\\[\\]-]+)\\s*=\\s*([^.\\s][^\\s]*?)\\s*\\.\\.\\s*(\\S+)\\s*");

    private Parameters() {
    }

    /** A platform field as a parameter: how to read it and how to set it. */
    private record Field(String name, Parameter.Kind kind, Function<PlatformConfig, Double> get,
                         BiConsumer<PlatformConfig.Builder, Double> set) {
    }

    private static Field dist(String name, Function<PlatformConfig, Distribution> get,
                              TriSetter set) {
        return new Field(name, Parameter.Kind.DISTRIBUTION, c -> get.apply(c).medianSeconds(),
                (b, v) -> set.set(b, v));
    }

    /** Sets a scaled distribution on a builder (needs the builder's current distribution). */
    @FunctionalInterface
    private interface TriSetter {
        void set(PlatformConfig.Builder b, double median);
    }

    private static List<Field> fields() {
        List<Field> f = new ArrayList<>();
        f.add(dist("bootSeconds", PlatformConfig::bootSeconds, (b, v) -> b.bootSeconds = scaledTo(b.bootSeconds, v)));
        f.add(dist("imagePullSeconds", PlatformConfig::imagePullSeconds, (b, v) -> b.imagePullSeconds = scaledTo(b.imagePullSeconds, v)));
        f.add(new Field("pullBeforeStop", Parameter.Kind.SWITCH, c -> c.pullBeforeStop() ? 1.0 : 0.0, (b, v) -> b.pullBeforeStop = v >= 0.5));
        f.add(dist("appReadySeconds", PlatformConfig::appReadySeconds, (b, v) -> b.appReadySeconds = scaledTo(b.appReadySeconds, v)));
        f.add(dist("appShutdownSeconds", PlatformConfig::appShutdownSeconds, (b, v) -> b.appShutdownSeconds = scaledTo(b.appShutdownSeconds, v)));
        f.add(new Field("startupCheckIntervalSeconds", Parameter.Kind.SECONDS, PlatformConfig::startupCheckIntervalSeconds,
                (b, v) -> b.startupCheckIntervalSeconds = v));
        f.add(dist("propagationSeconds", PlatformConfig::propagationSeconds, (b, v) -> b.propagationSeconds = scaledTo(b.propagationSeconds, v)));
        f.add(dist("apiLatencySeconds", PlatformConfig::apiLatencySeconds, (b, v) -> b.apiLatencySeconds = scaledTo(b.apiLatencySeconds, v)));
        f.add(dist("destroySeconds", PlatformConfig::destroySeconds, (b, v) -> b.destroySeconds = scaledTo(b.destroySeconds, v)));
        f.add(dist("requestSeconds", PlatformConfig::requestSeconds, (b, v) -> b.requestSeconds = scaledTo(b.requestSeconds, v)));
        f.add(new Field("proxyRetries", Parameter.Kind.COUNT, c -> (double) c.proxyRetries(),
                (b, v) -> b.proxyRetries = (int) Math.round(v)));
        // The two pacing knobs keep backoff <= max backoff: moving one past the other moves the other with it.
        f.add(new Field("proxyRetryBackoffSeconds", Parameter.Kind.SECONDS, PlatformConfig::proxyRetryBackoffSeconds, (b, v) -> {
            b.proxyRetryBackoffSeconds = v;
            b.proxyRetryMaxBackoffSeconds = Math.max(b.proxyRetryMaxBackoffSeconds, v);
        }));
        f.add(new Field("proxyRetryMaxBackoffSeconds", Parameter.Kind.SECONDS, PlatformConfig::proxyRetryMaxBackoffSeconds, (b, v) -> {
            b.proxyRetryMaxBackoffSeconds = v;
            b.proxyRetryBackoffSeconds = Math.min(b.proxyRetryBackoffSeconds, v);
        }));
        f.add(new Field("proxyHoldTimeoutSeconds", Parameter.Kind.SECONDS, PlatformConfig::proxyHoldTimeoutSeconds,
                (b, v) -> b.proxyHoldTimeoutSeconds = v));
        f.add(new Field("legacyCanaryGetsTraffic", Parameter.Kind.SWITCH, c -> c.legacyCanaryGetsTraffic() ? 1.0 : 0.0,
                (b, v) -> b.legacyCanaryGetsTraffic = v >= 0.5));
        return f;
    }

    /**
     * {@code d} scaled so that its median is {@code median}: every time in it multiplied by
     * median / d's median (caps included), so the shape stays; a constant when d's median is 0
     * or the target is 0 (a log-normal cannot have median 0).
     */
    public static Distribution scaledTo(Distribution d, double median) {
        double m = d.medianSeconds();
        if (m == 0 || median == 0) {
            return new Distribution.Constant(median);
        }
        return scale(d, median / m);
    }

    /** {@code d} with every time multiplied by {@code k > 0}. */
    public static Distribution scale(Distribution d, double k) {
        return switch (d) {
            case Distribution.Constant c -> new Distribution.Constant(c.seconds() * k);
            case Distribution.Uniform u -> new Distribution.Uniform(u.min() * k, u.max() * k);
            case Distribution.Exponential e -> new Distribution.Exponential(e.mean() * k);
            case Distribution.LogNormal l -> new Distribution.LogNormal(l.median() * k, l.sigma(), l.max() * k);
            case Distribution.Mixture x -> {
                List<Distribution.Weighted> parts = new ArrayList<>();
                for (Distribution.Weighted w : x.components()) {
                    parts.add(new Distribution.Weighted(w.weight(), scale(w.distribution(), k)));
                }
                yield new Distribution.Mixture(parts);
            }
        };
    }

    /** Every platform parameter with its profile range, in {@link PlatformConfig}'s order; those with no range too. */
    public static List<Parameter> platform() {
        List<Parameter> out = new ArrayList<>();
        for (Field field : fields()) {
            Map<String, Double> values = new LinkedHashMap<>();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (PlatformProfile p : RANGE_PROFILES) {
                double v = field.get().apply(p.config());
                values.put(p.id(), v);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            out.add(new Parameter(PLATFORM + field.name(), field.kind(), lo, hi, values,
                    s -> field.get().apply(s.platform()),
                    (s, v) -> s.withPlatform(s.platform().with(b -> field.set().accept(b, v)))));
        }
        return out;
    }

    /** The platform parameters whose profiles disagree: what a default sensitivity varies. */
    public static List<Parameter> varied() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : platform()) {
            if (p.low() < p.high()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The platform parameter named {@code name} ({@code propagationSeconds} or {@code platform.propagationSeconds}). */
    public static Parameter named(String name, String option) {
        String n = name.trim();
        String path = n.startsWith(PLATFORM) ? n : PLATFORM + n;
        for (Parameter p : platform()) {
            if (p.path().equals(path)) {
                return p;
            }
        }
        List<String> known = new ArrayList<>();
        for (Parameter p : platform()) {
            known.add(p.name());
        }
        throw new ScenarioException(option, "unknown parameter '" + n + "'; known: " + String.join(", ", known)
                + (n.startsWith(OPTIONS) ? " (a strategy option is varied with --vary " + n + "=LOW..HIGH)" : ""));
    }

    /**
     * {@code PATH=LOW..HIGH}: a platform parameter over a range of one's own, or a strategy option
     * ({@code strategy.options.X}, a number or a duration such as {@code 0s..30s}) of the scenario's strategy.
     *
     * @throws ScenarioException naming {@code option} for a bad form, an unknown path, or an empty or inverted range
     */
    public static Parameter vary(String text, Scenario base, String option) {
        Matcher m = VARY.matcher(text);
        if (!m.matches()) {
            throw new ScenarioException(option, "give PATH=LOW..HIGH, e.g. platform.propagationSeconds=0.1..5 or "
                    + "strategy.options.waitTimeout=30s..5m; was '" + text + "'");
        }
        String path = m.group(1);
        double lo = number(m.group(2), option, path);
        double hi = number(m.group(3), option, path);
        if (lo == hi) {
            throw new ScenarioException(option, path + ": the range " + m.group(2) + ".." + m.group(3)
                    + " is empty; give two different ends, low first");
        }
        if (lo > hi) {
            throw new ScenarioException(option, path + ": the range " + m.group(2) + ".." + m.group(3)
                    + " is inverted; give the low end first (" + m.group(3) + ".." + m.group(2) + ")");
        }
        if (path.startsWith(OPTIONS)) {
            return option(path, base, option).withRange(lo, hi);
        }
        Parameter p = named(path, option);
        if (p.kind() == Parameter.Kind.SWITCH && (lo < 0 || hi > 1)) {
            throw new ScenarioException(option, path + " is a switch: give 0..1");
        }
        return p.withRange(lo, hi);
    }

    /**
     * The parameter at {@code path} (a platform parameter or a strategy option of {@code base}'s
     * strategy) over {@code [low, high]}: a parameter as a sharded sweep's slices record it.
     *
     * @throws ScenarioException naming {@code option} when this build knows no such parameter
     */
    public static Parameter of(String path, double low, double high, Scenario base, String option) {
        Parameter p = path.startsWith(OPTIONS) ? option(path, base, option) : named(path, option);
        if (!(low <= high)) {
            throw new ScenarioException(option, path + ": the range " + low + ".." + high + " is inverted");
        }
        return p.withRange(low, high);
    }

    private static Parameter option(String path, Scenario base, String flag) {
        String name = path.substring(OPTIONS.length());
        StrategyChoice choice = base.strategy();
        Object current = choice.options().get(name);
        if (current == null) {
            throw new ScenarioException(flag, "strategy " + choice.name() + " has no option '" + name + "'; its options: "
                    + String.join(", ", choice.options().keySet()));
        }
        Parameter.Kind kind;
        Parameter.Getter get;
        Parameter.Setter set;
        switch (current) {
            case Duration d -> {
                kind = Parameter.Kind.SECONDS;
                get = s -> ((Duration) s.strategy().options().get(name)).toNanos() / 1e9;
                set = (s, v) -> withOption(s, name, Duration.ofNanos(Math.round(v * 1e9)));
            }
            case Integer i -> {
                kind = Parameter.Kind.COUNT;
                get = s -> ((Number) s.strategy().options().get(name)).doubleValue();
                set = (s, v) -> withOption(s, name, (int) Math.round(v));
            }
            case Double x -> {
                kind = Parameter.Kind.NUMBER;
                get = s -> ((Number) s.strategy().options().get(name)).doubleValue();
                set = (s, v) -> withOption(s, name, v);
            }
            default -> throw new ScenarioException(flag, "strategy option " + name + " is a " + current.getClass().getSimpleName()
                    + "; only numbers and durations can be varied");
        }
        return new Parameter(path, kind, 0, 0, Map.of(), get, set);
    }

    private static Scenario withOption(Scenario s, String name, Object value) {
        TreeMap<String, Object> options = new TreeMap<>(s.strategy().options());
        options.put(name, value);
        return s.withStrategy(new StrategyChoice(s.strategy().name(), options));
    }

    private static double number(String text, String option, String path) {
        try {
            if (text.equalsIgnoreCase("on") || text.equalsIgnoreCase("true")) {
                return 1;
            }
            if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
                return 0;
            }
            return Options.parseDuration(text).toNanos() / 1e9;
        } catch (RuntimeException e) {
            throw new ScenarioException(option, path + ": '" + text + "' is not a number or a duration (e.g. 0.5, 500ms, 30s)");
        }
    }

    /**
     * The platform fields, in {@link PlatformConfig}'s order, whose values differ between {@code a}
     * and {@code b} (the profile name aside).
     */
    public static List<String> differing(PlatformConfig a, PlatformConfig b) {
        List<String> out = new ArrayList<>();
        for (java.lang.reflect.RecordComponent c : PlatformConfig.class.getRecordComponents()) {
            if (c.getName().equals("profile")) {
                continue;
            }
            if (!java.util.Objects.equals(read(c, a), read(c, b))) {
                out.add(c.getName());
            }
        }
        return out;
    }

    /** {@code to} with field {@code name} taken from {@code from}, exactly (a distribution whole, not scaled). */
    public static PlatformConfig transplant(String name, PlatformConfig from, PlatformConfig to) {
        for (java.lang.reflect.RecordComponent c : PlatformConfig.class.getRecordComponents()) {
            if (c.getName().equals(name)) {
                Object value = read(c, from);
                return to.with(b -> {
                    try {
                        PlatformConfig.Builder.class.getField(name).set(b, value);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("PlatformConfig.Builder has no field " + name, e);
                    }
                    // as when varying them: the pacing pair stays ordered, the other end follows
                    if (b.proxyRetryMaxBackoffSeconds < b.proxyRetryBackoffSeconds) {
                        if (name.equals("proxyRetryBackoffSeconds")) {
                            b.proxyRetryMaxBackoffSeconds = b.proxyRetryBackoffSeconds;
                        } else {
                            b.proxyRetryBackoffSeconds = b.proxyRetryMaxBackoffSeconds;
                        }
                    }
                });
            }
        }
        throw new IllegalArgumentException("PlatformConfig has no field " + name);
    }

    private static Object read(java.lang.reflect.RecordComponent c, PlatformConfig config) {
        try {
            return c.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading " + c.getName(), e);
        }
    }
}
