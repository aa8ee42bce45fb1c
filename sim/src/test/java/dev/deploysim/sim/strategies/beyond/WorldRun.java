package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.ProbeConfig;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.process.SimProcess;
import dev.deploysim.sim.random.Streams;
import dev.deploysim.strategies.Strategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One deploy on the simulated platform, driven as World's Javadoc shows: seed the app, start the
 * prober, run the strategy in a process until it returns, stop the prober, let everything settle.
 * The log is then read by the oracles ({@link Census}, {@link ServingTimeline}, {@link ProbeStats}).
 */
final class WorldRun implements AutoCloseable {
    /** The lease owner the deploy acts as. */
    static final String ACTOR = "deploysim";
    static final String OLD_IMAGE = "registry.fly.io/app:v1";
    static final String NEW_IMAGE = "registry.fly.io/app:v2";
    /** A deploy that has not returned after this much virtual time is a bug. */
    static final Duration LIMIT = Duration.ofHours(3);
    /**
     * How long the prober keeps going after the deploy returns, so that what a deploy leaves behind (a
     * new machine the proxy has not learnt of yet, a machine still booting) is measured too.
     */
    static final Duration SETTLE = Duration.ofSeconds(60);

    final Kernel kernel = new Kernel();
    final Processes ps = new Processes(kernel);
    final ObservationLog log = new ObservationLog();
    final World world;
    final AppSpec app;
    List<String> seeded = List.of();
    DeployException error;
    private Duration cancelAt;
    private final List<String> notes = new ArrayList<>();
    long startNanos;
    long endNanos;

    WorldRun(PlatformConfig platform, AppSpec app, long seed) {
        this.app = app;
        this.world = new World(ps, new Streams(seed), platform, ProbeConfig.defaults(), app, log);
    }

    /** Constant timings (PlatformConfig.constant(): boot 1 s, pull 2 s, app ready 3 s, propagation 0.5 s, API 0.1 s). */
    static WorldRun constant(AppSpec app) {
        return new WorldRun(PlatformConfig.constant(), app, 1);
    }

    /** A service check with grace 1 s, interval 1 s, timeout 1 s: a new machine passes it 6 s after its launch call. */
    static CheckDefinition fastCheck() {
        return new CheckDefinition("svc", "tcp", true, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /** One group "app" of {@code started} started machines with {@link #fastCheck()}. */
    static AppSpec web(int started) {
        return app(started, 0, List.of(fastCheck()), true);
    }

    static AppSpec app(int started, int stopped, List<CheckDefinition> checks, boolean newVersionHealthy) {
        return new AppSpec("app", OLD_IMAGE, NEW_IMAGE, "iad", List.of(new AppSpec.Group("app", started, stopped, "iad", true,
                checks, Duration.ofSeconds(5), newVersionHealthy)));
    }

    /** Cancels the deploy (Ctrl-C) at virtual time {@code at}. */
    WorldRun cancelAt(Duration at) {
        this.cancelAt = at;
        return this;
    }

    WorldRun deploy(String strategy, Map<String, ?> options) {
        return deploy(strategy, options, w -> { });
    }

    /** Runs the deploy; {@code faults} is called after seeding, before the deploy starts, to schedule faults. */
    WorldRun deploy(String strategy, Map<String, ?> options, Consumer<WorldRun> faults) {
        Strategy s = Strategies.get(strategy);
        Options o = Strategies.resolveOptions(s, options);
        seeded = world.seedApp();
        faults.accept(this);
        world.startProber();
        DeployContext ctx = new DeployContext(app.name(), app.release("rel-2"), o, world.machinesApi(ACTOR), ps, ps,
                world.stepRecorder());
        SimProcess<Void> deploy = ps.spawn("deploy", () -> {
            startNanos = kernel.nowNanos();
            world.deployStarted(strategy, o.toString());
            try {
                s.deploy(ctx);
                world.deployFinished(DeployOutcome.SUCCEEDED, "");
            } catch (DeployException e) {
                error = e;
                world.deployFinished(e.rolledBack() ? DeployOutcome.ROLLED_BACK : DeployOutcome.FAILED, e.getMessage());
            }
            endNanos = kernel.nowNanos();
            return null;
        });
        if (cancelAt != null) {
            kernel.scheduleAfter(cancelAt, "ctrl-c", deploy::cancel);
        }
        long until = 0;
        while (!deploy.isDone()) {
            until += Duration.ofSeconds(30).toNanos();
            assertThat(until).as("deploy still running after " + LIMIT).isLessThanOrEqualTo(LIMIT.toNanos());
            RunResult r = kernel.runUntil(Duration.ofNanos(until));
            assertThat(r.outcome()).as(r.detail()).isIn(Outcome.TIME_LIMIT, Outcome.QUIESCENT);
        }
        RunResult settled = kernel.runUntil(Duration.ofNanos(kernel.nowNanos()).plus(SETTLE));
        assertThat(settled.outcome()).as(settled.detail()).isIn(Outcome.TIME_LIMIT, Outcome.QUIESCENT);
        world.stopProber();
        RunResult r = kernel.runUntilQuiescent();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(ps.liveCount()).as("processes left running after the deploy").isZero();
        assertThat(world.invariantViolations()).isEmpty();
        return this;
    }

    /** Records a remark about the run (a test's fault schedule explaining why a fault found no target). */
    void note(String remark) {
        notes.add(remark);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    boolean ok() {
        return error == null;
    }

    ServingTimeline serving() {
        return ServingTimeline.of(log);
    }

    /** Probes sent from the start of the deploy until the prober stopped, {@link #SETTLE} after it returned. */
    ProbeStats probes() {
        return ProbeStats.of(log, startNanos, Long.MAX_VALUE);
    }

    /** The steps the strategy recorded, in order, as "step machine detail" lines (machine may be empty). */
    List<Observation.StrategyStep> steps() {
        return log.ofType(Observation.StrategyStep.class);
    }

    List<Observation.StrategyStep> steps(String name) {
        return steps().stream().filter(s -> s.step().equals(name)).toList();
    }

    /** The deploy's API calls of the given operations, in the order they finished. */
    List<Observation.ApiCall> calls(String... ops) {
        List<String> wanted = List.of(ops);
        List<Observation.ApiCall> out = new ArrayList<>();
        for (Observation.ApiCall c : log.ofType(Observation.ApiCall.class)) {
            if (c.actor().equals(ACTOR) && (wanted.isEmpty() || wanted.contains(c.operation()))) {
                out.add(c);
            }
        }
        return out;
    }

    /** Machines that exist at the end (not destroyed), as "id image state" sorted by ID. */
    List<String> machinesAtEnd() {
        return world.allMachines().stream().filter(m -> !m.state().isGone())
                .map(m -> m.id() + " " + m.image() + " " + m.state().apiName()).toList();
    }

    /** Images of the machines that exist at the end, in ID order. */
    List<String> imagesAtEnd() {
        return world.allMachines().stream().filter(m -> !m.state().isGone()).map(m -> m.image()).toList();
    }

    static long secs(double s) {
        return Math.round(s * 1e9);
    }

    static String fmt(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    @Override
    public void close() {
        ps.shutdown();
    }
}
