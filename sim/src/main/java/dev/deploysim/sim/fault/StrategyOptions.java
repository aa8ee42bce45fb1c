package dev.deploysim.sim.fault;

import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.Gen;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.scenario.StrategyChoice;
import dev.deploysim.strategies.flyctl.FlyctlOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Generates a strategy's options within its valid ranges. Each declared option keeps its default
 * (the simplest choice) or takes one of a few other values: for flyctl's options, values around
 * flyctl's own ranges (e.g. max-unavailable 0.25 to 5, wait-timeout 30 s to 10 min); for any other
 * option, values derived from its type and default. The strategy's own {@code validate} has the
 * last word: an option it refuses falls back to its default, so every generated combination is
 * one the strategy accepts and no try is discarded.
 */
public final class StrategyOptions {
    private StrategyOptions() {
    }

    /**
     * Options of {@code strategy}: each declared option from {@code defaults} (resolved values,
     * e.g. a base scenario's; missing ones take the declared default) or a variant; {@code fixed}
     * options always take the given value.
     *
     * @throws IllegalArgumentException if {@code fixed} names an undeclared option or the strategy refuses it
     */
    public static Gen<StrategyChoice> of(Strategy strategy, Map<String, ?> defaults, Map<String, ?> fixed) {
        List<OptionSpec> specs = strategy.options();
        TreeMap<String, Object> base = new TreeMap<>();
        List<Gen<Object>> gens = new ArrayList<>();
        for (OptionSpec spec : specs) {
            Object d = defaults.containsKey(spec.name()) ? defaults.get(spec.name()) : spec.defaultValue();
            base.put(spec.name(), d);
            List<Object> variants = new ArrayList<>(variants(spec, d));
            for (Object t : thresholdVariants(strategy, spec)) {
                if (!variants.contains(t) && !t.equals(d)) {
                    variants.add(t);
                }
            }
            gens.add(variants.isEmpty() ? Gen.constant(d)
                    : Gen.frequency(Gen.weighted(3, Gen.constant(d)), Gen.weighted(2, Gen.elements(variants))));
        }
        for (String name : fixed.keySet()) {
            if (!base.containsKey(name)) {
                throw new IllegalArgumentException(strategy.name() + " has no option " + name);
            }
        }
        resolve(strategy, new TreeMap<>(fixed), fixed, base); // fail now, not in every try, for bad fixed values
        return c -> {
            TreeMap<String, Object> given = new TreeMap<>();
            for (int i = 0; i < specs.size(); i++) {
                given.put(specs.get(i).name(), c.draw(gens.get(i)));
            }
            given.putAll(fixed);
            return new StrategyChoice(strategy.name(), resolve(strategy, given, fixed, base));
        };
    }

    /**
     * Resolves and validates, putting back the default of each option the strategy refuses; when
     * the refused option already has its default (a rule across options, e.g. one deadline below
     * another), every option that is neither fixed nor at its default goes back to its default.
     */
    private static SortedMap<String, Object> resolve(Strategy strategy, TreeMap<String, Object> given, Map<String, ?> fixed,
                                                     Map<String, Object> base) {
        boolean allReset = false;
        for (int attempt = 0; ; attempt++) {
            try {
                Options o = Options.resolve(strategy.options(), given);
                strategy.validate(o);
                return o.asMap();
            } catch (InvalidOptionException e) {
                boolean drawn = given.containsKey(e.option()) && !fixed.containsKey(e.option())
                        && !java.util.Objects.equals(given.get(e.option()), base.get(e.option()));
                if (drawn && attempt <= given.size()) {
                    given.put(e.option(), base.get(e.option()));
                } else if (!allReset) {
                    allReset = true;
                    for (String name : new ArrayList<>(given.keySet())) {
                        if (!fixed.containsKey(name) && base.containsKey(name)) {
                            given.put(name, base.get(name));
                        }
                    }
                } else {
                    throw new IllegalArgumentException(strategy.name() + " refuses option " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Values on both sides of every threshold a promise puts on {@code spec} (e.g. {@code settle >= 20}
     * gives 10 s, 20 s and 30 s): without them a promise whose condition the generic variants never
     * meet would pass every exploration untested.
     */
    public static List<Object> thresholdVariants(Strategy strategy, OptionSpec spec) {
        List<Object> out = new ArrayList<>();
        for (Guarantee g : strategy.guarantees()) {
            for (Guarantee.Condition c : g.conditions()) {
                if (!c.key().equals(spec.name())) {
                    continue;
                }
                double t;
                try {
                    t = Double.parseDouble(c.value());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!Double.isFinite(t) || t < 0) {
                    continue;
                }
                List<Object> around = switch (spec.type()) {
                    case DURATION -> List.of(seconds(t / 2), seconds(t), seconds(t * 1.5));
                    case INT -> List.of((int) Math.max(0, t - 1), (int) t, (int) t + 1);
                    case DOUBLE -> List.of(t / 2, t, t * 2);
                    default -> List.of();
                };
                for (Object v : around) {
                    if (!out.contains(v)) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A boundary try's options: each percentage, integer or fraction option of {@code drawn} that is
     * not fixed keeps its value or (half the time) takes one of its {@link #boundaryValues} for
     * {@code app}; a value the strategy refuses falls back to the drawn one.
     */
    public static Gen<StrategyChoice> boundary(Strategy strategy, StrategyChoice drawn, AppSpec app, Map<String, ?> fixed) {
        int n = boundaryCount(app);
        List<OptionSpec> specs = strategy.options();
        List<Gen<Object>> gens = new ArrayList<>();
        for (OptionSpec spec : specs) {
            Object v = drawn.options().get(spec.name());
            List<Object> edges = fixed.containsKey(spec.name()) ? List.of() : boundaryValues(spec, n);
            gens.add(edges.isEmpty() ? Gen.constant(v)
                    : Gen.frequency(Gen.weighted(1, Gen.constant(v)), Gen.weighted(1, Gen.elements(edges))));
        }
        TreeMap<String, Object> base = new TreeMap<>(drawn.options());
        return c -> {
            TreeMap<String, Object> given = new TreeMap<>();
            for (int i = 0; i < specs.size(); i++) {
                given.put(specs.get(i).name(), c.draw(gens.get(i)));
            }
            given.putAll(fixed);
            return new StrategyChoice(strategy.name(), resolve(strategy, given, fixed, base));
        };
    }

    /**
     * The machine count boundary values are taken against: the first process group's started machines
     * (the count a group's pool, surge and percentages scale), or its machines if none is started.
     */
    public static int boundaryCount(AppSpec app) {
        AppSpec.Group g = app.groups().get(0);
        return Math.max(1, g.started() > 0 ? g.started() : g.machines());
    }

    /**
     * The boundary values of {@code spec} for a group of {@code n} machines, where off-by-one and
     * rounding bugs show: an integer percentage ({@code ...Percent}) or a percentage string
     * ({@code "25%"}) takes 0, 100, 200 and both sides of every rounding edge of {@code n * p / 100}
     * (floor(100 k / n) and one more, k = 1..2n: 33 and 34 for three machines); an integer in seconds
     * ({@code ...Seconds}) or flyctl's {@code deployRetries} takes 0, 1 and its default plus and minus
     * one; any other integer (a count: of machines in flight, canaries, surge), or a count given as a
     * string, takes 0, 1, n - 1, n and n + 1; a fraction ({@code maxUnavailable}:
     * {@code ceil(n * mu)}) takes k / n and (k - 1/2) / n for k = 1..n, where ceiling and floor differ,
     * and the counts 1 and n. Booleans and durations have none. Values the strategy refuses are
     * dropped when the options are resolved.
     */
    public static List<Object> boundaryValues(OptionSpec spec, int n) {
        java.util.TreeSet<Integer> ints = new java.util.TreeSet<>();
        boolean percentString = spec.type() == OptionSpec.Type.STRING && String.valueOf(spec.defaultValue()).strip().endsWith("%");
        boolean percentInt = spec.type() == OptionSpec.Type.INT && spec.name().toLowerCase(java.util.Locale.ROOT).contains("percent");
        if (percentString || percentInt) {
            ints.addAll(List.of(0, 100, 200));
            for (int k = 1; k <= 2 * n; k++) {
                int p = 100 * k / n;
                ints.add(p);
                ints.add(p + 1);
            }
        } else if (spec.type() == OptionSpec.Type.INT && (spec.name().endsWith("Seconds")
                || spec.name().equals(FlyctlOptions.DEPLOY_RETRIES))) {
            // not a count of machines: a time or a retry count takes 0, 1 and its default's neighbours
            int d = ((Number) spec.defaultValue()).intValue();
            ints.addAll(List.of(0, 1, Math.max(0, d - 1), d + 1));
        } else if (spec.type() == OptionSpec.Type.INT
                || (spec.type() == OptionSpec.Type.STRING && String.valueOf(spec.defaultValue()).strip().matches("\\d+"))) {
            ints.addAll(List.of(0, 1, Math.max(0, n - 1), n, n + 1));
        }
        List<Object> out = new ArrayList<>();
        switch (spec.type()) {
            case INT -> out.addAll(ints);
            case STRING -> ints.forEach(i -> out.add(percentString ? i + "%" : Integer.toString(i)));
            case DOUBLE -> {
                java.util.TreeSet<Double> fractions = new java.util.TreeSet<>();
                for (int k = 1; k <= n; k++) {
                    fractions.add((double) k / n);
                    fractions.add((k - 0.5) / n);
                }
                fractions.add(1.0);
                fractions.add((double) n);
                out.addAll(fractions);
            }
            default -> { }
        }
        return out;
    }

    /**
     * Whether some option of {@code choice} sits on one of its boundary values for {@code app} that
     * the ordinary draw never gives (not its default, not one of its variants or threshold values):
     * the statistics' {@code boundary-option} label, so its share is that of the boundary tries that
     * moved an option somewhere new.
     */
    public static boolean onBoundary(Strategy strategy, StrategyChoice choice, AppSpec app) {
        int n = boundaryCount(app);
        for (OptionSpec spec : strategy.options()) {
            Object v = choice.options().get(spec.name());
            if (v == null || v.equals(spec.defaultValue()) || !boundaryValues(spec, n).contains(v)) {
                continue;
            }
            if (!variants(spec, spec.defaultValue()).contains(v) && !thresholdVariants(strategy, spec).contains(v)) {
                return true;
            }
        }
        return false;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** The values besides the default an option may take, simplest first. */
    static List<Object> variants(OptionSpec spec, Object d) {
        List<Object> out = new ArrayList<>(switch (spec.name()) {
            case FlyctlOptions.DEPLOY_RETRIES -> List.<Object>of(1, 2, 3);
            case FlyctlOptions.MAX_UNAVAILABLE -> List.<Object>of(0.25, 0.5, 0.75, 1.0, 2.0, 5.0);
            case FlyctlOptions.WAIT_TIMEOUT -> List.<Object>of(Duration.ofSeconds(30), Duration.ofSeconds(60),
                    Duration.ofMinutes(2), Duration.ofMinutes(10));
            case FlyctlOptions.LEASE_TIMEOUT -> List.<Object>of(Duration.ofSeconds(4), Duration.ofSeconds(30));
            case FlyctlOptions.MAX_CONCURRENT -> List.<Object>of(1, 2, 3, 16);
            case FlyctlOptions.WAIT_BEFORE_CORDON, FlyctlOptions.WAIT_BEFORE_STOP -> List.<Object>of(Duration.ZERO,
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
            default -> generic(spec.type(), d);
        });
        out.removeIf(v -> v.equals(d));
        if (spec.type() == OptionSpec.Type.BOOLEAN && d instanceof Boolean b) {
            return List.of(!b);
        }
        return out;
    }

    private static List<Object> generic(OptionSpec.Type type, Object d) {
        return switch (type) {
            case INT -> {
                int v = ((Number) d).intValue();
                yield v == 0 ? List.of(1, 2, 5) : List.of(0, Math.max(1, v / 2), v + 1, 2 * v);
            }
            case DOUBLE -> {
                double v = ((Number) d).doubleValue();
                yield v == 0 ? List.of(0.5, 1.0, 2.0) : List.of(v / 2, v * 2, v * 4);
            }
            case BOOLEAN -> List.of();
            case DURATION -> {
                Duration v = (Duration) d;
                yield v.isZero() ? List.of(Duration.ofSeconds(1), Duration.ofSeconds(10))
                        : List.of(Duration.ZERO, v.dividedBy(2), v.multipliedBy(2));
            }
            case STRING -> {
                String s = String.valueOf(d);
                if (s.endsWith("%")) {
                    yield List.of("0%", "10%", "50%", "100%");
                }
                yield s.matches("\\d+") ? List.of("0", "1", "2", "5") : List.of();
            }
        };
    }
}
