package dev.deploysim.sim.scenario;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.PlatformProfile;
import dev.deploysim.sim.platform.ProbeConfig;
import dev.deploysim.sim.random.Distribution;
import java.util.List;

/**
 * The one place scenario defaults are decided. Platform and prober defaults are the records' own
 * ({@link PlatformConfig#defaults()}, {@link ProbeConfig#defaults()}); the app's come from
 * {@link AppSpec#web(int)} and the check's from {@link CheckDefinition#tcpService(String)}; this
 * class adds what only a scenario has (seed, strategy, budget, fault parameters) and the machine
 * count of the default app. {@code docs/scenario-reference.json} documents these values and a test
 * holds the two equal.
 */
public final class ScenarioDefaults {
    /** The default root seed. */
    public static final long SEED = 1;
    /**
     * Started machines in the default app's group: two, as {@code fly launch} creates for a web
     * app so that one machine can be replaced while the other serves.
     */
    public static final int MACHINES = 2;
    /** flyctl's default strategy (spec section 4). */
    public static final String STRATEGY = "rolling";
    /** An hour of virtual time: far beyond flyctl's 5-minute waits times a few phases. */
    public static final double MAX_VIRTUAL_SECONDS = 3600;
    /** Kernel events per run: ample for 20 machines probed at 4/s for an hour. */
    public static final long MAX_EVENTS = 10_000_000L;

    /** How long a windowed fault lasts unless the scenario says otherwise. */
    public static final double FAULT_DURATION_SECONDS = 60;
    /** Share of API calls an api-errors or api-timeouts fault hits. */
    public static final double API_FAULT_RATE = 0.2;
    /** Failed boots per boot-failure fault. */
    public static final int BOOT_FAILURE_ATTEMPTS = 1;
    /** Which version a machine-crash fault needs its machine to run. */
    public static final Fault.Version CRASH_VERSION = Fault.Version.ANY;
    /** How a bad release misbehaves. */
    public static final Fault.BadReleaseMode BAD_RELEASE_MODE = Fault.BadReleaseMode.NEVER_HEALTHY;
    /** Extra boot time in a slow-boot fault: an image-pull tail (spec section 8: pulls take 1-30 s). */
    public static final Distribution SLOW_BOOT_EXTRA_SECONDS = new Distribution.Uniform(10.0, 30.0);
    /** Propagation delay during a propagation-spike fault: the 10-20 s PR #3297 saw, and worse. */
    public static final Distribution SPIKE_PROPAGATION_SECONDS = new Distribution.Uniform(10.0, 30.0);
    /** A trigger's occurrence and delay when not given. */
    public static final int TRIGGER_OCCURRENCE = 1;
    public static final double TRIGGER_DELAY_SECONDS = 0;

    private ScenarioDefaults() {
    }

    /**
     * The default app: {@link AppSpec#web(int)} with {@link #MACHINES} machines and, as
     * {@code fly launch} writes it, an {@code [http_service]} with no health checks (flyctl
     * internal/command/launch/launch.go; only the Rails scanner adds one).
     */
    public static AppSpec app() {
        return app(Scenario.SCHEMA_VERSION);
    }

    /** The default app of a file of {@code fileVersion}: version 1 files had a tcp service check by default. */
    static AppSpec app(int fileVersion) {
        AppSpec web = AppSpec.web(MACHINES);
        AppSpec.Group g = web.groups().get(0);
        AppSpec.Group group = new AppSpec.Group(g.name(), g.started(), g.stopped(), g.region(), g.hasServices(),
                checks(g.hasServices(), fileVersion), g.killTimeout(), g.newVersionHealthy());
        return new AppSpec(web.name(), web.currentImage(), web.newImage(), web.primaryRegion(), List.of(group));
    }

    /** The default process group, whose fields fill in any a scenario's group leaves out. */
    public static AppSpec.Group group() {
        return app().groups().get(0);
    }

    /** The platform profile a file of {@code fileVersion} starts from when it names none. */
    static PlatformProfile profile(int fileVersion) {
        return fileVersion == 1 ? PlatformProfile.ADVERSE : PlatformProfile.FLY;
    }

    /** The default check (grace, interval, timeout, service-ness) for fields a check leaves out. */
    public static CheckDefinition check() {
        return CheckDefinition.tcpService("check");
    }

    /**
     * The checks of a group that lists none: none, as {@code fly launch} writes it; a version 1
     * file's default was a tcp service check (grace 1 s, interval 15 s, timeout 2 s) when the
     * group has services.
     */
    static List<CheckDefinition> checks(boolean hasServices, int fileVersion) {
        return hasServices && fileVersion == 1 ? List.of(CheckDefinition.tcpService("servicecheck-00-tcp-8080")) : List.of();
    }

    public static Budget budget() {
        return new Budget(MAX_VIRTUAL_SECONDS, MAX_EVENTS);
    }

    /** The fully default scenario, with options resolved by {@code catalog}. */
    public static Scenario scenario(StrategyCatalog catalog) {
        return new Scenario(Scenario.SCHEMA_VERSION, SEED, app(),
                catalog.resolve("strategy", STRATEGY, new java.util.TreeMap<>()),
                PlatformConfig.defaults(), ProbeConfig.defaults(), List.of(), budget());
    }
}
