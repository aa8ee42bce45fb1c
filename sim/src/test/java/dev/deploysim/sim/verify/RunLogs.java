package dev.deploysim.sim.verify;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.DeployFinished;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.Observation.DeployStarted;
import dev.deploysim.sim.observe.Observation.FaultHealed;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.observe.Observation.LeaseChange;
import dev.deploysim.sim.observe.Observation.LeaseChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.observe.Observation.RegistrationChanged;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.RunMetrics;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds observation logs by hand, for feeding the invariants known-good and known-bad runs.
 * Times are in seconds; calls must come in time order. Machines are named by the test
 * ("a", "b", ...); the old image is {@link #OLD}, the new one {@link #NEW}.
 */
final class RunLogs {
    static final String OLD = AppSpec.web(1).currentImage();
    static final String NEW = AppSpec.web(1).newImage();
    static final String FLYCTL = Runner.DEPLOY_ACTOR;

    private final ObservationLog log = new ObservationLog();
    private final TreeMap<String, MachineState> states = new TreeMap<>();
    private final TreeMap<String, String> images = new TreeMap<>();
    private long now;

    static long ns(double seconds) {
        return Math.round(seconds * 1e9);
    }

    RunLogs at(double seconds) {
        now = ns(seconds);
        return this;
    }

    private RunLogs add(Observation o) {
        log.append(o);
        return this;
    }

    /** A machine that existed before the deploy, started (serving: ready and routable) or stopped. */
    RunLogs seeded(String id, String group, boolean started) {
        launched(id, World.SEED_ACTOR, group, OLD, started ? MachineState.STARTED : MachineState.STOPPED, Map.of());
        add(new RegistrationChanged(now, id, true, false, true));
        if (started) {
            ready(id, true);
            proxy(id, true);
        }
        return this;
    }

    RunLogs launched(String id, String actor, String group, String image, MachineState state, Map<String, String> metadata) {
        states.put(id, state);
        images.put(id, image);
        TreeMap<String, String> meta = new TreeMap<>(metadata);
        meta.putIfAbsent(AppSpec.METADATA_PROCESS_GROUP, group);
        return add(new MachineLaunched(now, id, actor, "iad", group, image, "i-" + id, state, meta));
    }

    /** A machine the deploy launched with the new image, cordoned or not. */
    RunLogs launchedByDeploy(String id, String group, MachineState state, boolean cordoned, Map<String, String> metadata) {
        TreeMap<String, String> meta = new TreeMap<>(metadata);
        meta.put(AppSpec.METADATA_RELEASE_ID, Runner.RELEASE_ID);
        launched(id, FLYCTL, group, NEW, state, meta);
        return add(new RegistrationChanged(now, id, true, cordoned, true));
    }

    RunLogs state(String id, MachineState to) {
        return state(id, to, images.get(id));
    }

    RunLogs state(String id, MachineState to, String image) {
        MachineState from = states.put(id, to);
        images.put(id, image);
        return add(new MachineStateChanged(now, id, from, to, image, "i-" + id));
    }

    /** An in-place update's start: the version changes, the machine is replacing. */
    RunLogs updating(String id) {
        ready(id, false);
        add(new Observation.MetadataChanged(now, id, AppSpec.METADATA_RELEASE_ID, Runner.RELEASE_ID, true));
        return state(id, MachineState.REPLACING, NEW);
    }

    RunLogs ready(String id, boolean ready) {
        return add(new AppReadyChanged(now, id, "i-" + id, ready));
    }

    RunLogs proxy(String id, boolean routable) {
        return add(new ProxyViewChanged(now, id, routable, now));
    }

    RunLogs cordoned(String id, boolean cordoned) {
        return add(new RegistrationChanged(now, id, true, cordoned, true));
    }

    RunLogs destroyed(String id) {
        state(id, MachineState.DESTROYED);
        add(new RegistrationChanged(now, id, false, false, false));
        return add(new MachineDestroyed(now, id));
    }

    RunLogs lease(String id, LeaseChange change, String owner) {
        return add(new LeaseChanged(now, id, change, owner, "nonce-" + id, now + ns(13)));
    }

    /** A successful call by the deploy, made {@code latency} seconds ago. */
    RunLogs call(String operation, String id, String leaseHolder) {
        return add(new ApiCall(now, now - ns(0.1), FLYCTL, operation, id, leaseHolder, "", ""));
    }

    RunLogs failedCall(String operation, String id, String error) {
        return add(new ApiCall(now, now - ns(0.1), FLYCTL, operation, id, "", error, ""));
    }

    RunLogs step(String step, String id) {
        return add(new StrategyStep(now, step, id, ""));
    }

    RunLogs fault(String fault, String target) {
        return fault(fault, target, "");
    }

    RunLogs fault(String fault, String target, String detail) {
        return add(new FaultInjected(now, fault, target, detail));
    }

    /** The group's service check ("c", as {@link InvariantsTest#group} declares it) turns passing or critical. */
    RunLogs check(String id, boolean passing) {
        CheckStatus.Status from = passing ? CheckStatus.Status.CRITICAL : CheckStatus.Status.PASSING;
        return add(new Observation.CheckStatusChanged(now, id, "c", true, from,
                passing ? CheckStatus.Status.PASSING : CheckStatus.Status.CRITICAL));
    }

    RunLogs healed(String fault, String target) {
        return add(new FaultHealed(now, fault, target));
    }

    /** A probe sent {@code latency} seconds before now. */
    RunLogs probe(ProbeOutcome outcome, double latencySeconds) {
        return add(new ProbeResult(now, now - ns(latencySeconds), outcome, ns(latencySeconds),
                outcome == ProbeOutcome.FAILED ? "" : "a", 1, outcome == ProbeOutcome.FAILED ? "client timeout" : ""));
    }

    RunLogs deployStarted(String strategy) {
        return add(new DeployStarted(now, strategy, ""));
    }

    RunLogs deployFinished(DeployOutcome outcome) {
        return add(new DeployFinished(now, outcome, ""));
    }

    ObservationLog log() {
        return log;
    }

    /** The finished run of {@code scenario} whose log this is, ending at the last observation. */
    DeployRun run(Scenario scenario) {
        long start = -1;
        long end = -1;
        Optional<DeployOutcome> outcome = Optional.empty();
        for (Observation o : log) {
            if (o instanceof DeployStarted s && start < 0) {
                start = s.atNanos();
            }
            if (o instanceof DeployFinished f && end < 0) {
                end = f.atNanos();
                outcome = Optional.of(f.outcome());
            }
        }
        long runEnd = log.lastAtNanos();
        return new DeployRun(scenario, log, outcome, "", Math.max(0, start), end, runEnd, Outcome.QUIESCENT, "",
                RunMetrics.of(log, Math.max(0, start), end, runEnd), List.of(), log.traceHashHex());
    }
}
