package dev.deploysim.sim.fault;

import dev.deploysim.sim.explore.Gen;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.random.Distribution.Uniform;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.FaultKind;
import dev.deploysim.sim.scenario.FaultTarget;
import dev.deploysim.sim.scenario.FaultTime;
import dev.deploysim.sim.scenario.ScenarioDefaults;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Generates fault schedules by swarm testing (Groce et al., 2012): each try first decides
 * whether it has faults at all, then which fault kinds are switched on and how often each of them
 * is picked (its rate), then draws 1 to {@value #MAX_FAULTS} faults of the switched-on kinds. A
 * try therefore meets a few kinds in depth instead of every kind thinly, and kinds that would
 * mask each other (an abort hides a crash) are often apart.
 *
 * <p>Simplest choices: no faults; then fewer faults, each at the start of the deploy
 * ({@code atSeconds 0}), aimed at the first machine, with the scenario defaults as parameters
 * (crash of any version, one failed boot, never-healthy release, rate 0.2, a 60 s window). A
 * failure therefore shrinks to fewer and earlier faults.
 */
public final class Swarm {
    /** The most faults one schedule has. */
    public static final int MAX_FAULTS = 6;
    /** Share of tries that have faults at all. */
    public static final double FAULTY_SHARE = 0.55;
    /**
     * Steps a fault may be triggered by: the updates, waits and phase changes of flyctl's
     * strategies. Faults are also triggered by the k-th step of any name, which reaches every
     * strategy's steps.
     */
    public static final List<String> TRIGGER_STEPS = List.of(Steps.UPDATE_MACHINE, Steps.UPDATE_SUCCEEDED,
            Steps.WAIT_FOR_MACHINE, Steps.DO_SMOKE_CHECKS, Steps.WAIT_FOR_HEALTHCHECKS_TO_PASS, Steps.ACQUIRE_LEASES,
            Steps.SPAWN_MACHINE_IN_GROUP, Steps.DESTROY_CANARY, Steps.UPDATE_MACHINE_W_CHECKS, Steps.CREATE_GREEN_MACHINES,
            Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_HEALTHY, Steps.MARK_GREEN_MACHINES_AS_READY_FOR_TRAFFIC,
            Steps.CORDON_BLUE_MACHINES, Steps.STOP_BLUE_MACHINES, Steps.DESTROY_BLUE_MACHINES);

    private Swarm() {
    }

    /** Fault schedules for {@code app}: targets name its groups, machines and regions. */
    public static Gen<List<Fault>> schedules(AppSpec app) {
        if (app.groups().isEmpty()) {
            return Gen.constant(List.of());
        }
        List<FaultKind> kinds = List.of(FaultKind.values());
        Gen<List<FaultKind>> switchedOn = Gen.subsets(kinds);
        Gen<Integer> rate = Gen.integers(1, 4);
        return c -> {
            if (!c.chance(FAULTY_SHARE)) {
                return List.of();
            }
            List<FaultKind> on = c.draw(switchedOn);
            if (on.isEmpty()) {
                return List.of();
            }
            int[] weights = new int[on.size()];
            for (int i = 0; i < on.size(); i++) {
                weights[i] = c.draw(rate);
            }
            Gen<Fault> one = cc -> cc.draw(fault(on.get(cc.pick(weights)), app));
            return c.draw(Gen.lists(one, 1, MAX_FAULTS));
        };
    }

    /** One fault of {@code kind} against {@code app}. */
    public static Gen<Fault> fault(FaultKind kind, AppSpec app) {
        Gen<FaultTarget> machine = machineTarget(app);
        Gen<FaultTarget> group = Gen.elements(app.groups()).map(g -> new FaultTarget.Group(g.name()));
        Gen<FaultTarget> appTarget = Gen.constant(FaultTarget.app());
        Gen<FaultTime> when = time();
        Gen<Double> window = Gen.integers(1, 180, (int) ScenarioDefaults.FAULT_DURATION_SECONDS).map(Integer::doubleValue);
        Gen<List<String>> operations = Gen.elements(List.<List<String>>of(List.of(), List.of("update"), List.of("acquireLease"),
                List.of("waitFor"), List.of("launch"), List.of("cordon", "uncordon"), List.of("destroy"), List.of("get", "list")));
        return switch (kind) {
            case MACHINE_CRASH -> Gen.combine(Gen.oneOf(machine, group), when,
                    Gen.elements(ScenarioDefaults.CRASH_VERSION, Fault.Version.OLD, Fault.Version.NEW), Fault.MachineCrash::new);
            case BOOT_FAILURE -> Gen.combine(Gen.oneOf(machine, group), when,
                    Gen.integers(ScenarioDefaults.BOOT_FAILURE_ATTEMPTS, 3), Fault.BootFailure::new);
            // a bad release is bad from the start: it is the release, not an event during it
            case BAD_RELEASE -> Gen.combine(Gen.oneOf(appTarget, group), Gen.constant(new FaultTime.At(0)),
                    Gen.elements(ScenarioDefaults.BAD_RELEASE_MODE, Fault.BadReleaseMode.CRASH_LOOP), Fault.BadRelease::new);
            case SLOW_BOOT -> Gen.combine(Gen.oneOf(appTarget, group, machine), when,
                    Gen.elements(ScenarioDefaults.SLOW_BOOT_EXTRA_SECONDS, new Uniform(1.0, 5.0), new Uniform(30.0, 120.0)),
                    window, Fault.SlowBoot::new);
            case API_ERRORS -> Gen.combine(Gen.oneOf(appTarget, group, machine), when,
                    Gen.elements(ScenarioDefaults.API_FAULT_RATE, 0.05, 0.5, 1.0), operations, window, Fault.ApiErrors::new);
            case API_TIMEOUTS -> Gen.combine(Gen.oneOf(appTarget, group, machine), when,
                    Gen.elements(ScenarioDefaults.API_FAULT_RATE, 0.05, 0.5), operations, window, Fault.ApiTimeouts::new);
            case LEASE_HELD -> Gen.combine(machine, when, window, Fault.LeaseHeld::new);
            case HOST_UNREACHABLE -> Gen.combine(machine, when, window, Fault.HostUnreachable::new);
            case PROPAGATION_SPIKE -> Gen.combine(appTarget, when, Gen.<Distribution>elements(
                    ScenarioDefaults.SPIKE_PROPAGATION_SECONDS, new Uniform(2.0, 10.0), new Uniform(20.0, 60.0)),
                    window, Fault.PropagationSpike::new);
            case CAPACITY_EXHAUSTED -> Gen.combine(Gen.elements(regions(app)).map(r -> (FaultTarget) new FaultTarget.Region(r)),
                    when, window, Fault.CapacityExhausted::new);
            case ABORT -> Gen.combine(appTarget, when, Fault.Abort::new);
        };
    }

    /**
     * When a fault fires, simplest first: at the deploy's start; then a number of seconds into it;
     * during one of the first three machine updates (the riskiest moment of a roll, so it has a
     * share of its own); on the first to third occurrence of a strategy step, plus a delay; on the
     * k-th step of any name.
     */
    public static Gen<FaultTime> time() {
        Gen<FaultTime> at = Gen.integers(0, 120).map(s -> new FaultTime.At(s));
        Gen<FaultTime> duringUpdate = Gen.combine(Gen.integers(1, 3), Gen.integers(0, 10),
                (k, delay) -> new FaultTime.OnStep(Steps.UPDATE_MACHINE, k, delay));
        Gen<FaultTime> onStep = Gen.combine(Gen.elements(TRIGGER_STEPS), Gen.integers(1, 3), Gen.integers(0, 20),
                (step, k, delay) -> new FaultTime.OnStep(step, k, delay));
        Gen<FaultTime> onAny = Gen.combine(Gen.integers(1, 60), Gen.integers(0, 5),
                (k, delay) -> new FaultTime.OnStep(FaultTime.ANY_STEP, k, delay));
        return Gen.frequency(Gen.weighted(3, at), Gen.weighted(2, duringUpdate), Gen.weighted(3, onStep),
                Gen.weighted(1, onAny));
    }

    /** A machine of the app by group and index before the deploy (index 0, the first started machine, simplest). */
    static Gen<FaultTarget> machineTarget(AppSpec app) {
        return c -> {
            AppSpec.Group g = c.draw(Gen.elements(app.groups()));
            int index = c.draw(Gen.integers(0, Math.max(0, g.machines() - 1)));
            return new FaultTarget.Machine(g.name(), index);
        };
    }

    private static List<String> regions(AppSpec app) {
        TreeSet<String> out = new TreeSet<>();
        out.add(app.primaryRegion());
        for (AppSpec.Group g : app.groups()) {
            out.add(g.region());
        }
        List<String> list = new ArrayList<>(out);
        list.remove(app.primaryRegion());
        list.add(0, app.primaryRegion());
        return list;
    }
}
