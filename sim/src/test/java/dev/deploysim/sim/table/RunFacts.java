package dev.deploysim.sim.table;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.observe.Observation.RegistrationChanged;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Questions the zero-serving table asks of one finished run, answered from its observation log
 * alone: which machines existed before the deploy, which the deploy launched, when each was killed,
 * changed state, was cordoned or learnt by the proxy, and which probes were sent when. Times are
 * virtual nanoseconds since the start of the run.
 */
final class RunFacts {
    /** The world's actor name for machines that existed before the run (the app's steady state). */
    static final String SEED_ACTOR = "seed";
    /** The metadata flyctl puts on canaries. */
    static final String CANARY_METADATA = "fly_canary";

    private final DeployRun run;

    private RunFacts(DeployRun run) {
        this.run = run;
    }

    static RunFacts of(DeployRun run) {
        return new RunFacts(run);
    }

    DeployRun run() {
        return run;
    }

    /** The machines that existed before the deploy, sorted by ID (flyctl's roll order). */
    List<String> seeded() {
        List<String> out = new ArrayList<>();
        for (MachineLaunched l : run.log().ofType(MachineLaunched.class)) {
            if (l.actor().equals(SEED_ACTOR)) {
                out.add(l.machineId());
            }
        }
        out.sort(null);
        return out;
    }

    /** The machines the deploy launched, in launch order. */
    List<String> launchedByDeploy() {
        List<String> out = new ArrayList<>();
        for (MachineLaunched l : run.log().ofType(MachineLaunched.class)) {
            if (l.actor().equals(Runner.DEPLOY_ACTOR)) {
                out.add(l.machineId());
            }
        }
        return out;
    }

    /** The canaries the deploy launched ({@code fly_canary=true}), in launch order. */
    List<String> canaries() {
        List<String> out = new ArrayList<>();
        for (MachineLaunched l : run.log().ofType(MachineLaunched.class)) {
            if ("true".equals(l.metadata().get(CANARY_METADATA))) {
                out.add(l.machineId());
            }
        }
        return out;
    }

    /** When the machine's app stopped answering (its kill signal), at or after the deploy's start. */
    List<Long> kills(String id) {
        List<Long> out = new ArrayList<>();
        for (AppReadyChanged r : run.log().ofType(AppReadyChanged.class)) {
            if (r.machineId().equals(id) && !r.ready() && r.atNanos() >= run.deployStartNanos()) {
                out.add(r.atNanos());
            }
        }
        return out;
    }

    /** The machine's first kill after the deploy started. */
    OptionalLong firstKill(String id) {
        List<Long> k = kills(id);
        return k.isEmpty() ? OptionalLong.empty() : OptionalLong.of(k.get(0));
    }

    /** The machine's state changes, oldest first. */
    List<MachineStateChanged> stateChanges(String id) {
        List<MachineStateChanged> out = new ArrayList<>();
        for (MachineStateChanged c : run.log().ofType(MachineStateChanged.class)) {
            if (c.machineId().equals(id)) {
                out.add(c);
            }
        }
        return out;
    }

    /** When the machine first entered {@code to} after the deploy started. */
    OptionalLong firstEntered(String id, MachineState to) {
        for (MachineStateChanged c : stateChanges(id)) {
            if (c.to() == to && c.atNanos() >= run.deployStartNanos()) {
                return OptionalLong.of(c.atNanos());
            }
        }
        return OptionalLong.empty();
    }

    /** The image the machine ran (or was being updated to) at {@code t}: its last launch or state change at or before it. */
    String imageAt(String id, long t) {
        String image = "";
        for (Observation o : run.log()) {
            if (o.atNanos() > t) {
                break;
            }
            if (o instanceof MachineLaunched l && l.machineId().equals(id)) {
                image = l.image();
            } else if (o instanceof MachineStateChanged c && c.machineId().equals(id)) {
                image = c.image();
            }
        }
        return image;
    }

    /** The deploy's successful API calls of {@code operation} on {@code id}, oldest first. */
    List<ApiCall> deployCalls(String operation, String id) {
        List<ApiCall> out = new ArrayList<>();
        for (ApiCall c : run.log().ofType(ApiCall.class)) {
            if (c.actor().equals(Runner.DEPLOY_ACTOR) && c.operation().equals(operation) && c.machineId().equals(id)
                    && c.ok()) {
                out.add(c);
            }
        }
        return out;
    }

    /** The times the strategy reported {@code step} for machine {@code id} ("" for steps about no machine). */
    List<Long> steps(String step, String id) {
        List<Long> out = new ArrayList<>();
        for (StrategyStep s : run.log().ofType(StrategyStep.class)) {
            if (s.step().equals(step) && s.machineId().equals(id)) {
                out.add(s.atNanos());
            }
        }
        return out;
    }

    /** When the proxy first learnt, after the deploy started, that the machine is routable ({@code routable}) or not. */
    OptionalLong proxyLearnt(String id, boolean routable) {
        for (ProxyViewChanged p : run.log().ofType(ProxyViewChanged.class)) {
            if (p.machineId().equals(id) && p.routable() == routable && p.atNanos() >= run.deployStartNanos()) {
                return OptionalLong.of(p.atNanos());
            }
        }
        return OptionalLong.empty();
    }

    /** When the machine's cordon flag first became {@code cordoned} after the deploy started. */
    OptionalLong cordonChanged(String id, boolean cordoned) {
        for (RegistrationChanged r : run.log().ofType(RegistrationChanged.class)) {
            if (r.machineId().equals(id) && r.cordoned() == cordoned && r.atNanos() >= run.deployStartNanos()) {
                return OptionalLong.of(r.atNanos());
            }
        }
        return OptionalLong.empty();
    }

    /** The probes sent in {@code [fromNanos, toNanos)}. */
    List<ProbeResult> probesSent(long fromNanos, long toNanos) {
        List<ProbeResult> out = new ArrayList<>();
        for (ProbeResult p : run.log().ofType(ProbeResult.class)) {
            if (p.sentAtNanos() >= fromNanos && p.sentAtNanos() < toNanos) {
                out.add(p);
            }
        }
        return out;
    }

    /** The probes that did not get a timely answer (failed or slow). */
    static List<ProbeResult> notOk(List<ProbeResult> probes) {
        return probes.stream().filter(p -> p.outcome() != ProbeOutcome.OK).toList();
    }

    /** Every failed probe of the run. */
    List<ProbeResult> failedProbes() {
        return run.log().ofType(ProbeResult.class).stream().filter(p -> p.outcome() == ProbeOutcome.FAILED).toList();
    }

    /**
     * The most of {@code ids} that were at once in a state other than {@code started} (stopping,
     * replacing, starting, ...) during the deploy: flyctl's unavailability as its pool size bounds it.
     */
    int maxDownByState(List<String> ids) {
        TreeMap<String, MachineState> state = new TreeMap<>();
        for (MachineLaunched l : run.log().ofType(MachineLaunched.class)) {
            if (ids.contains(l.machineId())) {
                state.put(l.machineId(), l.state());
            }
        }
        int max = 0;
        List<MachineStateChanged> changes = run.log().ofType(MachineStateChanged.class);
        int i = 0;
        while (i < changes.size()) {
            long t = changes.get(i).atNanos();
            // apply every change of one instant before counting: a hand-over within an instant is no overlap
            while (i < changes.size() && changes.get(i).atNanos() == t) {
                MachineStateChanged c = changes.get(i++);
                if (ids.contains(c.machineId())) {
                    state.put(c.machineId(), c.to());
                }
            }
            if (t >= run.deployStartNanos() && (run.deployEndNanos() < 0 || t <= run.deployEndNanos())) {
                int down = (int) state.values().stream().filter(s -> s != MachineState.STARTED).count();
                max = Math.max(max, down);
            }
        }
        return max;
    }

    /**
     * The most stale routes at any instant of {@code [fromNanos, toNanos]}: machines the proxy
     * believes routable that cannot answer (routable in its view minus serving).
     */
    int maxStaleRoutes(long fromNanos, long toNanos) {
        ServingTimeline timeline = ServingTimeline.of(run.log());
        int max = timeline.routableAt(fromNanos) - timeline.servingAt(fromNanos);
        for (ServingTimeline.Step s : timeline.steps()) {
            if (s.atNanos() > fromNanos && s.atNanos() <= toNanos) {
                max = Math.max(max, s.routable() - s.serving());
            }
        }
        return max;
    }

    /** The zero-serving windows from the deploy's start to the end of the run. */
    List<Dip> zeroWindows() {
        return dipsBelow(1);
    }

    /**
     * The dips below {@code threshold} serving machines from the deploy's start to the end of the
     * run, the run's last instant included: the proxy learning of a machine can be the last thing
     * that happens, and it closes a window.
     */
    List<Dip> dipsBelow(int threshold) {
        return Dip.below(run.log(), threshold, run.deployStartNanos(), run.endNanos() + 1);
    }
}
