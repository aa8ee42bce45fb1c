package dev.deploysim.sim.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.process.SimProcess;
import dev.deploysim.sim.random.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A world on a fresh kernel, with helpers to run processes and read the log as a compact trace. */
final class SimHarness implements AutoCloseable {
    final Kernel kernel = new Kernel();
    final Processes ps = new Processes(kernel);
    final ObservationLog log = new ObservationLog();
    final World world;
    private final Map<String, String> aliases = new LinkedHashMap<>();

    SimHarness(PlatformConfig platform, ProbeConfig probes, AppSpec app, long seed) {
        world = new World(ps, new Streams(seed), platform, probes, app, log);
    }

    /** Constant timings (see {@link PlatformConfig#constant()}), default probes. */
    static SimHarness constant(AppSpec app) {
        return new SimHarness(PlatformConfig.constant(), ProbeConfig.defaults(), app, 1);
    }

    /** An app with one group "app" in iad with the given started/stopped machines and checks. */
    static AppSpec app(int started, int stopped, List<CheckDefinition> checks, boolean newVersionHealthy) {
        return new AppSpec("app", "img:v1", "img:v2", "iad",
                List.of(new AppSpec.Group("app", started, stopped, "iad", true, checks, Duration.ofSeconds(5),
                        newVersionHealthy)));
    }

    /** A service check with the given grace, interval and timeout (seconds). */
    static CheckDefinition serviceCheck(double grace, double interval, double timeout) {
        return new CheckDefinition("svc", "tcp", true, secs(grace), secs(interval), secs(timeout));
    }

    static Duration secs(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    static long nanos(double s) {
        return Math.round(s * 1e9);
    }

    MachinesApi api(String actor) {
        return world.machinesApi(actor);
    }

    <T> SimProcess<T> spawn(String name, TaskBody<T> body) {
        return ps.spawn(name, body);
    }

    /** Spawns {@code body} to start at virtual second {@code at}. */
    <T> SimProcess<T> spawnAt(double at, String name, TaskBody<T> body) {
        return ps.spawn(name, () -> {
            ps.sleepNanos(nanos(at) - kernel.nowNanos());
            return body.run();
        });
    }

    /** Runs until nothing is left to do; fails on anything but quiescence. */
    RunResult run() {
        RunResult r = kernel.runUntilQuiescent();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        return r;
    }

    RunResult runUntil(double seconds) {
        RunResult r = kernel.runUntil(secs(seconds));
        assertThat(r.ok()).as(r.detail()).isTrue();
        return r;
    }

    /** A stable short name for a machine ID: m1, m2, ... in order of first appearance in the log. */
    String alias(String id) {
        if (id.isEmpty()) {
            return "";
        }
        return aliases.computeIfAbsent(id, k -> "m" + (aliases.size() + 1));
    }

    /** Registers aliases in log order (call before asking for an alias by ID). */
    void learnAliases() {
        for (Observation o : log) {
            switch (o) {
                case Observation.MachineLaunched l -> alias(l.machineId());
                default -> { }
            }
        }
    }

    /** The machine lifecycle part of the log (launch, state, ready, checks, proxy view, destroy) as compact lines. */
    List<String> lifecycleTrace() {
        learnAliases();
        List<String> out = new ArrayList<>();
        for (Observation o : log) {
            String t = String.format(Locale.ROOT, "%.3f", o.atNanos() / 1e9);
            switch (o) {
                case Observation.MachineLaunched l -> out.add(t + " launched " + alias(l.machineId()) + " "
                        + l.state().apiName() + " " + l.image());
                case Observation.MachineStateChanged s -> out.add(t + " state " + alias(s.machineId()) + " "
                        + s.from().apiName() + "->" + s.to().apiName() + " " + s.image());
                case Observation.AppReadyChanged r -> out.add(t + " ready " + alias(r.machineId()) + " " + r.ready());
                case Observation.CheckStatusChanged c -> out.add(t + " check " + alias(c.machineId()) + " "
                        + c.from().name().toLowerCase(Locale.ROOT) + "->" + c.to().name().toLowerCase(Locale.ROOT));
                case Observation.ProxyViewChanged p -> out.add(t + " proxy " + alias(p.machineId()) + " "
                        + (p.routable() ? "routable" : "unroutable"));
                case Observation.MachineDestroyed d -> out.add(t + " destroyed " + alias(d.machineId()));
                default -> { }
            }
        }
        return out;
    }

    /** API calls as {@code "start-end actor op machine -> ok|Error"}. */
    List<String> apiTrace() {
        learnAliases();
        List<String> out = new ArrayList<>();
        for (Observation o : log) {
            if (o instanceof Observation.ApiCall a) {
                out.add(String.format(Locale.ROOT, "%.3f-%.3f %s %s %s -> %s", a.startedAtNanos() / 1e9, a.atNanos() / 1e9,
                        a.actor(), a.operation(), alias(a.machineId()), a.ok() ? "ok" : a.error()));
            }
        }
        return out;
    }

    List<Observation.ProbeResult> probes() {
        return log.ofType(Observation.ProbeResult.class);
    }

    @Override
    public void close() {
        ps.shutdown();
    }
}
