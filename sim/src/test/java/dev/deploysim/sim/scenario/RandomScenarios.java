package dev.deploysim.sim.scenario;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.ProbeConfig;
import dev.deploysim.sim.random.Distribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Valid scenarios drawn from a seeded generator: every field varied, every fault kind, target
 * kind and distribution kind reachable. For round-trip tests and as the base of malformed ones.
 */
public final class RandomScenarios {
    private final SplittableRandom r;
    private final StrategyCatalog catalog;

    public RandomScenarios(long seed, StrategyCatalog catalog) {
        this.r = new SplittableRandom(seed);
        this.catalog = catalog;
    }

    public Scenario next() {
        AppSpec app = app();
        List<Fault> faults = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            faults.add(fault(app));
        }
        return new Scenario(Scenario.SCHEMA_VERSION, r.nextLong(), app, strategy(), platform(), probes(), faults,
                new Budget(1 + r.nextInt(100_000) / 7.0, 1 + r.nextInt((int) Limits.MAX_EVENTS)));
    }

    /** A scenario with every kind of fault, target and distribution, and a top-level check: the richest base. */
    public Scenario rich() {
        List<CheckDefinition> checks = List.of(
                new CheckDefinition("servicecheck-00-http-8080", "http", true, secs(5), secs(10), secs(2)),
                new CheckDefinition("db", "tcp", false, secs(1), secs(15), secs(2)));
        AppSpec app = new AppSpec("shop", "img:v1", "img:v2", "ams", List.of(
                new AppSpec.Group("web", 3, 1, "ams", true, checks, secs(5), true),
                new AppSpec.Group("worker", 2, 0, "fra", false, List.of(), secs(30), false)));
        List<Fault> faults = new ArrayList<>();
        FaultTarget machine = new FaultTarget.Machine("web", 1);
        FaultTarget group = new FaultTarget.Group("worker");
        FaultTime at = new FaultTime.At(4.5);
        FaultTime step = new FaultTime.OnStep("updateMachine", 2, 0.5);
        faults.add(new Fault.MachineCrash(machine, at, Fault.Version.NEW));
        faults.add(new Fault.BootFailure(group, step, 2));
        faults.add(new Fault.BadRelease(new FaultTarget.Group("web"), at, Fault.BadReleaseMode.CRASH_LOOP));
        faults.add(new Fault.SlowBoot(FaultTarget.app(), at, new Distribution.LogNormal(5, 0.5, 40), 30));
        faults.add(new Fault.ApiErrors(FaultTarget.app(), step, 0.5, List.of("update", "waitFor"), 20));
        faults.add(new Fault.ApiTimeouts(machine, at, 0.1, List.of(), 10));
        faults.add(new Fault.LeaseHeld(machine, at, 15));
        faults.add(new Fault.HostUnreachable(machine, step, 25));
        faults.add(new Fault.PropagationSpike(FaultTarget.app(), at, new Distribution.Exponential(12), 45));
        faults.add(new Fault.CapacityExhausted(new FaultTarget.Region("fra"), at, 60));
        faults.add(new Fault.Abort(FaultTarget.app(), new FaultTime.OnStep("any", 7, 0)));
        PlatformConfig platform = PlatformConfig.defaults().withPropagationSeconds(new Distribution.Mixture(List.of(
                new Distribution.Weighted(0.8, new Distribution.Constant(2)),
                new Distribution.Weighted(0.2, new Distribution.Mixture(List.of(
                        new Distribution.Weighted(1, new Distribution.Uniform(5, 15))))))));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("maxUnavailable", 0.5);
        return new Scenario(Scenario.SCHEMA_VERSION, 42, app, catalog.resolve("strategy", "rolling", options), platform,
                new ProbeConfig(10, 5, 0.5), faults, new Budget(900, 1_000_000));
    }

    /** A duration in [min, max] seconds, to the millisecond (the precision people write). */
    private Duration duration(double min, double max) {
        long lo = Math.round(min * 1000);
        long hi = Math.round(max * 1000);
        return Duration.ofMillis(lo + r.nextLong(hi - lo + 1));
    }

    private static Duration secs(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private AppSpec app() {
        String primary = pick("iad", "ams", "syd", "fra");
        int groups = 1 + r.nextInt(3);
        List<AppSpec.Group> out = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            boolean services = r.nextBoolean();
            List<CheckDefinition> checks = new ArrayList<>();
            int nChecks = r.nextInt(3);
            for (int c = 0; c < nChecks; c++) {
                boolean service = services && r.nextBoolean();
                Duration interval = service ? duration(0.001, 120) : duration(2, 120);
                Duration timeout = service ? duration(0.001, 120) : duration(0.001, 60);
                checks.add(new CheckDefinition("check-" + c, pick("tcp", "http"), service, duration(0, 60), interval, timeout));
            }
            out.add(new AppSpec.Group(i == 0 ? "app" : "group" + i, i == 0 ? 1 + r.nextInt(20) : r.nextInt(21), r.nextInt(4),
                    r.nextBoolean() ? primary : pick("lhr", "sin"), services, checks, duration(0, 300), r.nextInt(5) > 0));
        }
        return new AppSpec(pick("app", "my-app", "shop"), "registry.fly.io/x:" + r.nextInt(100), "registry.fly.io/x:new",
                primary, out);
    }

    private StrategyChoice strategy() {
        List<String> names = List.copyOf(catalog.names());
        String name = names.get(r.nextInt(names.size()));
        Map<String, Object> given = new LinkedHashMap<>();
        if (catalog.knowsOptions(name)) {
            if (catalog.acceptsOption(name, "maxUnavailable") && r.nextBoolean()) {
                given.put("maxUnavailable", r.nextBoolean() ? 0.01 + r.nextDouble() : (double) (1 + r.nextInt(10)));
            }
            if (catalog.acceptsOption(name, "waitTimeout") && r.nextBoolean()) {
                given.put("waitTimeout", Duration.ofMillis(1 + r.nextInt(1_000_000)));
            }
        } else {
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                Object v = switch (r.nextInt(5)) {
                    case 0 -> r.nextInt();
                    case 1 -> r.nextLong() | (1L << 40);
                    case 2 -> r.nextDouble() * 100;
                    case 3 -> r.nextBoolean();
                    default -> "text-" + r.nextInt(9);
                };
                given.put("option" + i, v);
            }
        }
        return catalog.resolve("strategy", name, given);
    }

    private PlatformConfig platform() {
        double backoff = r.nextDouble();
        return new PlatformConfig(dev.deploysim.sim.platform.PlatformProfile.values()[r.nextInt(5)].id(),
                distribution(2), distribution(2), r.nextBoolean(), distribution(2), distribution(2), r.nextDouble() * 2,
                distribution(2), distribution(2), distribution(2), distribution(2), r.nextInt(50), backoff,
                backoff + r.nextDouble(), r.nextDouble() * 30, r.nextBoolean());
    }

    private ProbeConfig probes() {
        double timeout = 0.1 + r.nextDouble() * 10;
        return new ProbeConfig(0.1 + r.nextDouble() * 50, timeout, timeout * (0.01 + 0.99 * r.nextDouble()));
    }

    Distribution distribution(int depth) {
        return switch (r.nextInt(depth > 0 ? 5 : 4)) {
            case 0 -> new Distribution.Constant(r.nextDouble() * 10);
            case 1 -> {
                double min = r.nextDouble() * 10;
                yield new Distribution.Uniform(min, min + r.nextDouble() * 20);
            }
            case 2 -> new Distribution.Exponential(r.nextDouble() * 5);
            case 3 -> new Distribution.LogNormal(0.01 + r.nextDouble() * 10, r.nextDouble(), r.nextBoolean() ? 0 : 30);
            default -> {
                List<Distribution.Weighted> parts = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    parts.add(new Distribution.Weighted(0.01 + r.nextDouble(), distribution(depth - 1)));
                }
                yield new Distribution.Mixture(parts);
            }
        };
    }

    private Fault fault(AppSpec app) {
        FaultKind kind = FaultKind.values()[r.nextInt(FaultKind.values().length)];
        FaultTime when = r.nextBoolean() ? new FaultTime.At(r.nextDouble() * 100)
                : new FaultTime.OnStep(pick("any", "updateMachine", "cordonBlueMachines"), 1 + r.nextInt(5), r.nextDouble() * 3);
        FaultTarget target = target(kind, app);
        double window = 0.5 + r.nextDouble() * 100;
        return switch (kind) {
            case MACHINE_CRASH -> new Fault.MachineCrash(target, when, Fault.Version.values()[r.nextInt(3)]);
            case BOOT_FAILURE -> new Fault.BootFailure(target, when, 1 + r.nextInt(5));
            case BAD_RELEASE -> new Fault.BadRelease(target, when, Fault.BadReleaseMode.values()[r.nextInt(2)]);
            case SLOW_BOOT -> new Fault.SlowBoot(target, when, distribution(1), window);
            case API_ERRORS -> new Fault.ApiErrors(target, when, 0.01 + 0.99 * r.nextDouble(), operations(), window);
            case API_TIMEOUTS -> new Fault.ApiTimeouts(target, when, 1.0, operations(), window);
            case LEASE_HELD -> new Fault.LeaseHeld(target, when, window);
            case HOST_UNREACHABLE -> new Fault.HostUnreachable(target, when, window);
            case PROPAGATION_SPIKE -> new Fault.PropagationSpike(target, when, distribution(1), window);
            case CAPACITY_EXHAUSTED -> new Fault.CapacityExhausted(target, when, window);
            case ABORT -> new Fault.Abort(target, when);
        };
    }

    private FaultTarget target(FaultKind kind, AppSpec app) {
        List<String> kinds = new ArrayList<>(kind.targets());
        // a machine target needs a group with machines
        AppSpec.Group withMachines = app.groups().stream().filter(g -> g.machines() > 0).findFirst().orElse(null);
        if (withMachines == null) {
            kinds.remove("machine");
        }
        if (kinds.isEmpty()) {
            throw new IllegalStateException("unreachable: apps here always have machines in some group");
        }
        AppSpec.Group g = app.groups().get(r.nextInt(app.groups().size()));
        return switch (kinds.get(r.nextInt(kinds.size()))) {
            case "app" -> FaultTarget.app();
            case "group" -> new FaultTarget.Group(g.name());
            case "machine" -> new FaultTarget.Machine(withMachines.name(), r.nextInt(withMachines.machines()));
            default -> new FaultTarget.Region(r.nextBoolean() ? app.primaryRegion() : g.region());
        };
    }

    private List<String> operations() {
        List<String> out = new ArrayList<>();
        for (String op : Fault.API_OPERATIONS) {
            if (r.nextInt(5) == 0) {
                out.add(op);
            }
        }
        return out;
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }
}
