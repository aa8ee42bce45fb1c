package dev.deploysim.sim.verify;

import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.fault.Distributions;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.FaultTarget;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.FlyctlOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Interprets the promises strategies declare ({@link Strategy#guarantees()}): which invariants a
 * strategy promises for a given scenario, by evaluating each guarantee's conditions over the
 * scenario. A violated promise is a failed property; a violation outside the promise is a
 * documented weakness.
 *
 * <p>The condition keys are {@link Conditions}'s, and any key equal to one of the strategy's
 * option names (its resolved value; durations in seconds). An unknown key, operator or value is
 * refused with an {@link IllegalArgumentException} naming the strategy and the condition: a
 * promise nobody can evaluate must not pass quietly. Keys:
 * <ul>
 *   <li>{@code minWarmMachines}: the fewest started machines of any group with services (0 if no
 *       group has services);</li>
 *   <li>{@code minStartedMachines}: the fewest started machines of any group;</li>
 *   <li>{@code minMachines}: the fewest machines, started and stopped, of any group;</li>
 *   <li>{@code groups}: the number of process groups;</li>
 *   <li>{@code faults in [...]}: whether the scenario's faults belong to one of the listed classes
 *       ({@link #inFaultClass}): {@code none}, {@code no-total-outage} (static, {@link #faultClass}),
 *       {@code no-serving-outage} (judged on the run, {@link #noServingOutage}), {@code bad-release}
 *       (every fault is a bad release), {@code any};</li>
 *   <li>{@code maxPropagationSeconds}: the upper bound of the platform's propagation delay and of
 *       every propagation spike's (infinite for an unbounded distribution);</li>
 *   <li>{@code maxStartSeconds}: the upper bound of the platform's image pull, boot and app-ready
 *       times together ({@link #maxStartSeconds});</li>
 *   <li>{@code poolBelowWarmCount}: in every group with services, the max-unavailable pool size
 *       over its warm machines is below their count; {@code poolPlusOneBelowWarmCount}: the pool
 *       size plus one (the spearhead) is;</li>
 *   <li>{@code poolWithinProxyRetries}: the pool sizes of all groups with services together are at
 *       most the platform's {@code proxyRetries};</li>
 *   <li>{@code serviceChecks}: every group with services has a service check;</li>
 *   <li>{@code newVersionHealthy}: no group's new version is bad and no bad-release fault is declared;</li>
 *   <li>{@code maxMachinesPerGroup} and {@code maxUnavailablePerGroup} with operator {@code is}: the
 *       bound of a surge-bound or max-unavailable promise, not a condition ({@link #surgeBound},
 *       {@link #unavailableBound}).</li>
 * </ul>
 * Operators: {@code == != < <= > >=} on numbers and booleans, {@code in} on a bracketed list.
 */
public final class Guarantees {
    /** The keys that declare a bound rather than a condition. */
    private static final List<String> BOUND_KEYS = List.of(Conditions.MAX_MACHINES_PER_GROUP,
            Conditions.MAX_UNAVAILABLE_PER_GROUP);

    /** Fault class: no faults. */
    public static final String NONE = "none";
    /** Fault class: faults that never take down every machine of a group at once. */
    public static final String NO_TOTAL_OUTAGE = "no-total-outage";
    /**
     * Fault class: faults that at the instant they strike leave, in every group with services, a
     * machine both serving and routable in truth ({@link #noServingOutage}); judged on the run.
     */
    public static final String NO_SERVING_OUTAGE = "no-serving-outage";
    /** Fault class: every fault is a bad release (the platform itself works; only the release is broken). */
    public static final String BAD_RELEASE = "bad-release";
    /** Fault class: any faults. */
    public static final String ANY = "any";
    private static final List<String> FAULT_CLASSES = List.of(NONE, NO_TOTAL_OUTAGE, NO_SERVING_OUTAGE, BAD_RELEASE, ANY);

    private Guarantees() {
    }

    /**
     * The invariants {@code strategy} promises for {@code scenario}, sorted, judged before a run:
     * the fault class {@value #NO_SERVING_OUTAGE}, which depends on the run, holds only without faults.
     */
    public static SortedSet<String> promised(Strategy strategy, Scenario scenario) {
        return promised(strategy, scenario, Optional.empty());
    }

    /** The invariants {@code strategy} promised for {@code run}'s scenario, judged with the run's facts. */
    public static SortedSet<String> promised(Strategy strategy, DeployRun run) {
        return promised(strategy, run.scenario(), Optional.of(run));
    }

    private static SortedSet<String> promised(Strategy strategy, Scenario scenario, Optional<DeployRun> run) {
        TreeSet<String> out = new TreeSet<>();
        for (Guarantee g : strategy.guarantees()) {
            if (applies(strategy, g, scenario, run)) {
                out.add(g.invariant());
            }
        }
        return out;
    }

    /** Whether every condition of {@code guarantee} holds for {@code scenario} (judged before a run). */
    public static boolean applies(Strategy strategy, Guarantee guarantee, Scenario scenario) {
        return applies(strategy, guarantee, scenario, Optional.empty());
    }

    private static boolean applies(Strategy strategy, Guarantee guarantee, Scenario scenario, Optional<DeployRun> run) {
        requireKnownInvariant(strategy, guarantee);
        boolean all = true;
        for (Guarantee.Condition c : guarantee.conditions()) {
            // evaluate every condition, so that an unknown key fails even after a false one
            all &= holds(strategy, c, scenario, run);
        }
        if (guarantee.invariant().equals(Conditions.SURGE_BOUND) && bound(strategy, guarantee, Conditions.MAX_MACHINES_PER_GROUP).isEmpty()) {
            throw refuse(strategy, guarantee.invariant() + " is promised without declaring its bound ("
                    + Conditions.MAX_MACHINES_PER_GROUP + " " + Conditions.IS + " <expression>)");
        }
        return all;
    }

    /**
     * Checks every declaration of {@code strategy} against the default-ish {@code scenario}: every
     * key, operator, value and bound must be understood.
     *
     * @throws IllegalArgumentException naming the first one that is not
     */
    public static void requireUnderstood(Strategy strategy, Scenario scenario) {
        for (Guarantee g : strategy.guarantees()) {
            applies(strategy, g, scenario);
            for (AppSpec.Group group : scenario.app().groups()) {
                if (g.invariant().equals(Conditions.SURGE_BOUND)) {
                    surgeBound(strategy, scenario, group);
                }
                if (g.invariant().equals(Conditions.MAX_UNAVAILABLE) && unavailableBoundExpression(strategy).isPresent()) {
                    unavailableBound(strategy, scenario, group);
                }
            }
        }
    }

    /** Whether condition {@code c} holds for {@code scenario} (judged before a run). */
    public static boolean holds(Strategy strategy, Guarantee.Condition c, Scenario scenario) {
        return holds(strategy, c, scenario, Optional.empty());
    }

    private static boolean holds(Strategy strategy, Guarantee.Condition c, Scenario scenario, Optional<DeployRun> run) {
        if (BOUND_KEYS.contains(c.key())) {
            if (!c.op().equals(Conditions.IS)) {
                throw refuse(strategy, "'" + c + "': a bound is declared with the operator '" + Conditions.IS + "'");
            }
            BoundExpression.parse(c.value());
            return true;
        }
        try {
            if (c.key().equals(Conditions.FAULTS) && c.op().equals("in")) {
                for (String cls : classList(c.value())) {
                    if (inFaultClass(cls, scenario, run)) {
                        return true;
                    }
                }
                return false;
            }
            return compare(value(strategy, c.key(), scenario), c.op(), c.value());
        } catch (IllegalArgumentException e) {
            throw refuse(strategy, "condition '" + c + "': " + e.getMessage());
        }
    }

    /** The fault classes a condition lists: {@code [none, no-total-outage]}. */
    private static List<String> classList(String value) {
        String t = value.strip();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException("'in' needs a bracketed list, was " + value);
        }
        List<String> items = new ArrayList<>();
        for (String item : t.substring(1, t.length() - 1).split(",")) {
            String cls = item.strip();
            if (!FAULT_CLASSES.contains(cls)) {
                throw new IllegalArgumentException("unknown fault class '" + cls + "'; known: " + String.join(", ", FAULT_CLASSES));
            }
            items.add(cls);
        }
        return items;
    }

    /**
     * Whether the scenario's faults belong to class {@code cls}: {@value #NONE} (no faults),
     * {@value #NO_TOTAL_OUTAGE} (see {@link #faultClass}), {@value #NO_SERVING_OUTAGE} (see
     * {@link #noServingOutage}; without a run only a scenario without faults), {@value #BAD_RELEASE}
     * (every fault is a bad release), {@value #ANY}.
     */
    static boolean inFaultClass(String cls, Scenario scenario, Optional<DeployRun> run) {
        return switch (cls) {
            case NONE -> scenario.faults().isEmpty();
            case NO_TOTAL_OUTAGE -> !faultClass(scenario).equals(ANY);
            case NO_SERVING_OUTAGE -> scenario.faults().isEmpty() || run.map(Guarantees::noServingOutage).orElse(false);
            case BAD_RELEASE -> scenario.faults().stream().allMatch(f -> f instanceof Fault.BadRelease);
            case ANY -> true;
            default -> throw new IllegalArgumentException("unknown fault class '" + cls + "'");
        };
    }

    /**
     * Whether every fault of {@code run} struck while each process group with services still had a
     * machine that was both serving (routable in the proxy's view and answering) and routable in
     * truth (started, registered, not cordoned, every service check of its group passing): so a
     * survivor could take over at once. Judged at each injection in the log (faults that found
     * nothing to act on excepted), after everything else that happened at that instant.
     */
    public static boolean noServingOutage(DeployRun run) {
        TreeMap<String, List<String>> serviceChecks = new TreeMap<>();
        for (AppSpec.Group g : run.scenario().app().groups()) {
            if (g.hasServices()) {
                serviceChecks.put(g.name(), g.checks().stream().filter(k -> k.serviceCheck()).map(k -> k.name()).toList());
            }
        }
        TreeMap<String, String> groupOf = new TreeMap<>();
        TreeMap<String, MachineState> state = new TreeMap<>();
        TreeMap<String, Boolean> usable = new TreeMap<>(); // registered and not cordoned
        TreeMap<String, TreeSet<String>> passing = new TreeMap<>();
        TreeSet<String> routable = new TreeSet<>();
        TreeSet<String> ready = new TreeSet<>();
        List<Observation> all = run.log().entries();
        boolean pending = false;
        for (int i = 0; i < all.size(); i++) {
            Observation o = all.get(i);
            switch (o) {
                case Observation.MachineLaunched l -> {
                    groupOf.put(l.machineId(), l.processGroup());
                    state.put(l.machineId(), l.state());
                }
                case Observation.MachineStateChanged c -> state.put(c.machineId(), c.to());
                case Observation.RegistrationChanged r -> usable.put(r.machineId(), r.serviceRegistered() && !r.cordoned());
                case Observation.CheckStatusChanged c -> {
                    TreeSet<String> p = passing.computeIfAbsent(c.machineId(), k -> new TreeSet<>());
                    if (c.to() == dev.deploysim.model.machines.CheckStatus.Status.PASSING) {
                        p.add(c.check());
                    } else {
                        p.remove(c.check());
                    }
                }
                case Observation.ProxyViewChanged p -> {
                    if (p.routable()) {
                        routable.add(p.machineId());
                    } else {
                        routable.remove(p.machineId());
                    }
                }
                case Observation.AppReadyChanged r -> {
                    if (r.ready()) {
                        ready.add(r.machineId());
                    } else {
                        ready.remove(r.machineId());
                    }
                }
                case Observation.MachineDestroyed d -> ready.remove(d.machineId());
                case Observation.FaultInjected f -> pending |= !f.detail().startsWith(dev.deploysim.sim.fault.FaultInjector.NO_EFFECT);
                default -> { }
            }
            boolean lastAtThisInstant = i + 1 == all.size() || all.get(i + 1).atNanos() != o.atNanos();
            if (!pending || !lastAtThisInstant) {
                continue;
            }
            pending = false;
            for (var g : serviceChecks.entrySet()) {
                boolean survivor = false;
                for (var e : groupOf.entrySet()) {
                    String id = e.getKey();
                    if (e.getValue().equals(g.getKey()) && routable.contains(id) && ready.contains(id)
                            && state.get(id) == MachineState.STARTED && usable.getOrDefault(id, false)
                            && passing.getOrDefault(id, new TreeSet<>()).containsAll(g.getValue())) {
                        survivor = true;
                        break;
                    }
                }
                if (!survivor) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The scenario's value for condition key {@code key}: a Double, a Boolean or a String. */
    public static Object value(Strategy strategy, String key, Scenario scenario) {
        switch (key) {
            case Conditions.MIN_WARM_MACHINES:
                return (double) minWarmMachines(scenario.app());
            case Conditions.MIN_STARTED_MACHINES:
                return (double) scenario.app().groups().stream().mapToInt(AppSpec.Group::started).min().orElse(0);
            case Conditions.MIN_MACHINES:
                return (double) scenario.app().groups().stream().mapToInt(AppSpec.Group::machines).min().orElse(0);
            case Conditions.GROUPS:
                return (double) scenario.app().groups().size();
            case Conditions.FAULTS:
                return faultClass(scenario);
            case Conditions.MAX_PROPAGATION_SECONDS:
                return maxPropagationSeconds(scenario);
            case Conditions.MAX_START_SECONDS:
                return maxStartSeconds(scenario);
            case Conditions.POOL_BELOW_WARM_COUNT, Conditions.POOL_PLUS_ONE_BELOW_WARM_COUNT: {
                Object mu = option(strategy, scenario, FlyctlOptions.MAX_UNAVAILABLE);
                if (!(mu instanceof Number n)) {
                    throw refuse(strategy, "'" + key + "' needs a numeric option " + FlyctlOptions.MAX_UNAVAILABLE);
                }
                return poolBelowWarmCount(scenario.app(), n.doubleValue(), key.equals(Conditions.POOL_BELOW_WARM_COUNT) ? 0 : 1);
            }
            case Conditions.POOL_WITHIN_PROXY_RETRIES: {
                Object mu = option(strategy, scenario, FlyctlOptions.MAX_UNAVAILABLE);
                if (!(mu instanceof Number n)) {
                    throw refuse(strategy, "'" + key + "' needs a numeric option " + FlyctlOptions.MAX_UNAVAILABLE);
                }
                // groups roll at the same time, so their batches' stale routes add up
                int stale = 0;
                for (AppSpec.Group g : scenario.app().groups()) {
                    if (g.hasServices()) {
                        stale += MaxUnavailable.poolSize(g.started(), n.doubleValue());
                    }
                }
                return stale <= scenario.platform().proxyRetries();
            }
            case Conditions.SERVICE_CHECKS:
                return serviceChecks(scenario.app());
            case Conditions.NEW_VERSION_HEALTHY:
                return newVersionHealthy(scenario);
            default:
                break;
        }
        Object option = option(strategy, scenario, key);
        if (option != null) {
            return normalize(option);
        }
        TreeSet<String> known = new TreeSet<>(List.of(Conditions.MIN_WARM_MACHINES, Conditions.MIN_STARTED_MACHINES,
                Conditions.MIN_MACHINES, Conditions.GROUPS,
                Conditions.FAULTS,
                Conditions.MAX_PROPAGATION_SECONDS, Conditions.MAX_START_SECONDS, Conditions.POOL_BELOW_WARM_COUNT,
                Conditions.POOL_PLUS_ONE_BELOW_WARM_COUNT, Conditions.POOL_WITHIN_PROXY_RETRIES, Conditions.SERVICE_CHECKS,
                Conditions.NEW_VERSION_HEALTHY, Conditions.MAX_MACHINES_PER_GROUP, Conditions.MAX_UNAVAILABLE_PER_GROUP));
        strategy.options().forEach(o -> known.add(o.name()));
        throw refuse(strategy, "unknown condition key '" + key + "'; known: " + String.join(", ", known));
    }

    /** Option {@code name}'s value in the scenario, else its declared default; null if the strategy has no such option. */
    static Object option(Strategy strategy, Scenario scenario, String name) {
        for (OptionSpec o : strategy.options()) {
            if (o.name().equals(name)) {
                Object v = scenario.strategy().options().get(name);
                return v == null ? o.defaultValue() : v;
            }
        }
        return null;
    }

    /**
     * The scenario's fault class: {@value #NONE} without faults; {@value #NO_TOTAL_OUTAGE} when no
     * fault can take down every machine of a group at once: only faults that leave every app
     * running (slow boots, API errors and timeouts, a held lease, an unreachable host — the
     * control plane only —, propagation spikes, exhausted capacity) and faults that take down one
     * machine (a crash) or as many as their failed boots, provided the group has more started
     * machines than all such faults aimed at it together; {@value #ANY} otherwise (a bad release,
     * an abort, or too many machine faults for a group).
     */
    public static String faultClass(Scenario scenario) {
        if (scenario.faults().isEmpty()) {
            return NONE;
        }
        TreeMap<String, Integer> down = new TreeMap<>();
        for (Fault f : scenario.faults()) {
            switch (f) {
                case Fault.BadRelease b -> {
                    return ANY;
                }
                case Fault.Abort a -> {
                    return ANY;
                }
                case Fault.MachineCrash c -> down.merge(groupOf(c.target()), 1, Integer::sum);
                case Fault.BootFailure b -> down.merge(groupOf(b.target()), b.attempts(), Integer::sum);
                default -> { }
            }
        }
        for (var e : down.entrySet()) {
            int started = scenario.app().group(e.getKey()).map(AppSpec.Group::started).orElse(0);
            if (e.getValue() >= started) {
                return ANY;
            }
        }
        return NO_TOTAL_OUTAGE;
    }

    private static String groupOf(FaultTarget t) {
        return switch (t) {
            case FaultTarget.Group g -> g.group();
            case FaultTarget.Machine m -> m.group();
            default -> "";
        };
    }

    /** The fewest started machines of any group with services; 0 if no group has services. */
    public static int minWarmMachines(AppSpec app) {
        int min = Integer.MAX_VALUE;
        for (AppSpec.Group g : app.groups()) {
            if (g.hasServices()) {
                min = Math.min(min, g.started());
            }
        }
        return min == Integer.MAX_VALUE ? 0 : min;
    }

    /** The upper bound of the platform's and every spike's propagation delay, in seconds. */
    public static double maxPropagationSeconds(Scenario scenario) {
        double max = Distributions.upperBound(scenario.platform().propagationSeconds());
        for (Fault f : scenario.faults()) {
            if (f instanceof Fault.PropagationSpike s) {
                max = Math.max(max, Distributions.upperBound(s.propagationSeconds()));
            }
        }
        return max;
    }

    /** The upper bound of a machine's image pull, boot and app-ready times together, in seconds. */
    public static double maxStartSeconds(Scenario scenario) {
        return Distributions.upperBound(scenario.platform().imagePullSeconds())
                + Distributions.upperBound(scenario.platform().bootSeconds())
                + Distributions.upperBound(scenario.platform().appReadySeconds());
    }

    /** Whether in every group with services the pool size plus {@code extra} is below its warm count. */
    static boolean poolBelowWarmCount(AppSpec app, double mu, int extra) {
        for (AppSpec.Group g : app.groups()) {
            if (g.hasServices() && MaxUnavailable.poolSize(g.started(), mu) + extra >= g.started()) {
                return false;
            }
        }
        return true;
    }

    static boolean serviceChecks(AppSpec app) {
        for (AppSpec.Group g : app.groups()) {
            if (g.hasServices() && g.checks().stream().noneMatch(c -> c.serviceCheck())) {
                return false;
            }
        }
        return true;
    }

    static boolean newVersionHealthy(Scenario scenario) {
        for (AppSpec.Group g : scenario.app().groups()) {
            if (!g.newVersionHealthy()) {
                return false;
            }
        }
        return scenario.faults().stream().noneMatch(f -> f instanceof Fault.BadRelease);
    }

    /** The bound expression of {@code strategy}'s surge-bound promise, if it makes one. */
    public static Optional<BoundExpression> surgeBoundExpression(Strategy strategy) {
        return boundExpression(strategy, Conditions.SURGE_BOUND, Conditions.MAX_MACHINES_PER_GROUP);
    }

    /** The bound expression {@code strategy} declares for its max-unavailable promise, if any. */
    public static Optional<BoundExpression> unavailableBoundExpression(Strategy strategy) {
        return boundExpression(strategy, Conditions.MAX_UNAVAILABLE, Conditions.MAX_UNAVAILABLE_PER_GROUP);
    }

    private static Optional<BoundExpression> boundExpression(Strategy strategy, String invariant, String key) {
        for (Guarantee g : strategy.guarantees()) {
            if (g.invariant().equals(invariant)) {
                Optional<BoundExpression> b = bound(strategy, g, key);
                if (b.isPresent()) {
                    return b;
                }
            }
        }
        return Optional.empty();
    }

    /** The most machines {@code group} may have at once under {@code strategy}'s surge-bound promise. */
    public static double surgeBound(Strategy strategy, Scenario scenario, AppSpec.Group group) {
        return evaluate(strategy, surgeBoundExpression(strategy).orElseThrow(() -> refuse(strategy,
                "makes no " + Conditions.SURGE_BOUND + " promise")), scenario, group);
    }

    /** The most warm machines of {@code group} that may be unavailable at once, by {@code strategy}'s declared bound. */
    public static double unavailableBound(Strategy strategy, Scenario scenario, AppSpec.Group group) {
        return evaluate(strategy, unavailableBoundExpression(strategy).orElseThrow(() -> refuse(strategy,
                "declares no " + Conditions.MAX_UNAVAILABLE_PER_GROUP)), scenario, group);
    }

    private static double evaluate(Strategy strategy, BoundExpression e, Scenario scenario, AppSpec.Group group) {
        TreeMap<String, Double> names = new TreeMap<>();
        for (OptionSpec o : strategy.options()) {
            Object v = scenario.strategy().options().get(o.name());
            Object n = normalize(v == null ? o.defaultValue() : v);
            if (n instanceof Double d) {
                names.put(o.name(), d);
                // a count or a percentage of the group's warm machines ("1", "25%"), as Kubernetes
                // scales IntOrPercent against replicas: rounded up and down
                String text = String.valueOf(v == null ? o.defaultValue() : v).strip();
                boolean percent = text.endsWith("%");
                names.put(o.name() + "Up", percent ? Math.ceil(group.started() * d) : d);
                names.put(o.name() + "Down", percent ? Math.floor(group.started() * d) : d);
            } else if (n instanceof Boolean b) {
                names.put(o.name(), b ? 1.0 : 0.0);
            }
        }
        names.put("machines", (double) group.machines());
        names.put("warm", (double) group.started());
        try {
            return e.evaluate(names);
        } catch (IllegalArgumentException ex) {
            throw refuse(strategy, ex.getMessage());
        }
    }

    private static Optional<BoundExpression> bound(Strategy strategy, Guarantee g, String key) {
        for (Guarantee.Condition c : g.conditions()) {
            if (c.key().equals(key)) {
                try {
                    return Optional.of(BoundExpression.parse(c.value()));
                } catch (IllegalArgumentException e) {
                    throw refuse(strategy, e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** Numbers as Double, durations in seconds, "25%" as 0.25, other strings and booleans as they are. */
    static Object normalize(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Duration d) {
            return d.toNanos() / 1e9;
        }
        if (v instanceof String s) {
            String t = s.strip();
            try {
                if (t.endsWith("%")) {
                    return Double.parseDouble(t.substring(0, t.length() - 1)) / 100;
                }
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return t;
            }
        }
        return v;
    }

    static boolean compare(Object actual, String op, String expected) {
        if (op.equals("in")) {
            throw new IllegalArgumentException("'in' applies to the " + Conditions.FAULTS + " key only");
        }
        if (actual instanceof Boolean b) {
            String t = expected.strip().toLowerCase(Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalArgumentException("expected true or false, was " + expected);
            }
            boolean e = Boolean.parseBoolean(t);
            return switch (op) {
                case "==" -> b == e;
                case "!=" -> b != e;
                default -> throw new IllegalArgumentException("operator '" + op + "' does not apply to a boolean");
            };
        }
        if (actual instanceof Double a) {
            Object n = normalize(expected);
            if (!(n instanceof Double e)) {
                throw new IllegalArgumentException("expected a number, was " + expected);
            }
            return switch (op) {
                case "==" -> a.doubleValue() == e;
                case "!=" -> a.doubleValue() != e;
                case "<" -> a < e;
                case "<=" -> a <= e;
                case ">" -> a > e;
                case ">=" -> a >= e;
                default -> throw new IllegalArgumentException("unknown operator '" + op + "'; known: == != < <= > >= in");
            };
        }
        if (actual instanceof String s) {
            return switch (op) {
                case "==" -> s.equals(expected.strip());
                case "!=" -> !s.equals(expected.strip());
                default -> throw new IllegalArgumentException("operator '" + op + "' does not apply to text");
            };
        }
        throw new IllegalArgumentException("cannot compare " + actual);
    }

    private static void requireKnownInvariant(Strategy strategy, Guarantee g) {
        if (!Invariants.names().contains(g.invariant())) {
            throw refuse(strategy, "unknown invariant '" + g.invariant() + "'; known: " + String.join(", ", Invariants.names()));
        }
    }

    private static IllegalArgumentException refuse(Strategy strategy, String what) {
        return new IllegalArgumentException("strategy " + strategy.name() + ": " + what);
    }
}
