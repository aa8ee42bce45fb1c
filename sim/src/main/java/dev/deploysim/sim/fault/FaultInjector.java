package dev.deploysim.sim.fault;

import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.DeployStarted;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.platform.FaultScope;
import dev.deploysim.sim.platform.VersionSelector;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.run.DeployControl;
import dev.deploysim.sim.run.FaultScheduler;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.FaultTarget;
import dev.deploysim.sim.scenario.FaultTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Executes a scenario's faults on the world: each fault fires at its time ({@link FaultTime.At},
 * seconds after the deploy started) or when its trigger's step is recorded
 * ({@link FaultTime.OnStep}), and then uses the world's fault mechanism for its kind. Windowed
 * faults heal when their window ends (the world records {@code FaultHealed}), so a run has a fault
 * phase and then must converge.
 *
 * <p>How each kind is executed (docs/verification.md, "Faults", has the table):
 * <ul>
 *   <li>{@code machine-crash}: the target machine (a group target: one started machine of the group
 *       running the wanted version, drawn from stream {@value #STREAM_TARGET}) crashes and is
 *       restarted (the on-failure restart policy);</li>
 *   <li>{@code boot-failure}: the next {@code attempts} boots in the target's scope fail;</li>
 *   <li>{@code bad-release}: {@code never-healthy} makes the new version never ready in the scope;
 *       {@code crash-loop} crashes every new-version start in the scope {@value #CRASH_LOOP_UPTIME_SECONDS}
 *       s after it started, restarting it up to {@value #CRASH_LOOP_RESTARTS} times (flyd's
 *       on-failure limit), after which it stays stopped;</li>
 *   <li>{@code slow-boot}, {@code api-errors}, {@code api-timeouts} (timeout
 *       {@value #API_TIMEOUT_SECONDS} s), {@code lease-held} (by {@value #OTHER_ACTOR}),
 *       {@code host-unreachable}, {@code propagation-spike}, {@code capacity-exhausted}: the world's
 *       windowed mechanism of that name;</li>
 *   <li>{@code abort}: Ctrl-C, {@link DeployControl#abort()}.</li>
 * </ul>
 * A fault that finds nothing to act on (a machine index beyond the group, no started machine of
 * the wanted version) is recorded as a {@code FaultInjected} whose detail starts with
 * {@value #NO_EFFECT}. A trigger that never fires leaves its fault unused and unrecorded.
 */
public final class FaultInjector implements FaultScheduler {

    /** The actor that holds a lease in a {@code lease-held} fault. */
    public static final String OTHER_ACTOR = "other-deployer";
    /**
     * How long an API call hit by {@code api-timeouts} makes its caller wait. An
     * <b>assumption</b>: flyctl's HTTP client has no timeout of its own; 15 s is a gateway's.
     */
    public static final double API_TIMEOUT_SECONDS = 15;
    /** How long a crash-looping new version runs before it exits. */
    public static final double CRASH_LOOP_UPTIME_SECONDS = 2;
    /** How many times a crash-looping instance is restarted before it stays stopped. */
    public static final int CRASH_LOOP_RESTARTS = 10;
    /** Stream of the injector's own choices (which machine of a group a crash hits). */
    public static final String STREAM_TARGET = "fault.target";
    /** The detail prefix of a fault that found nothing to act on. */
    public static final String NO_EFFECT = "no effect: ";

    @Override
    public void schedule(List<Fault> faults, World world, DeployControl deploy) {
        if (!faults.isEmpty()) {
            new Armed(List.copyOf(faults), world, deploy).arm();
        }
    }

    /** The faults of one run, armed on its world. */
    private static final class Armed {
        private final List<Fault> faults;
        private final World world;
        private final DeployControl deploy;
        /** Per process group, its machines as the app stood before the deploy, started first, in creation order. */
        private final TreeMap<String, List<String>> seeded = new TreeMap<>();
        /** Per fault with a step trigger, how many matching steps have been seen. */
        private final int[] stepsSeen;
        private final boolean[] fired;
        private final List<CrashLoop> crashLoops = new ArrayList<>();
        /** Every machine's process group, from the log (read in the listener without touching the world). */
        private final TreeMap<String, String> groupOf = new TreeMap<>();

        Armed(List<Fault> faults, World world, DeployControl deploy) {
            this.faults = faults;
            this.world = world;
            this.deploy = deploy;
            this.stepsSeen = new int[faults.size()];
            this.fired = new boolean[faults.size()];
            for (MachineLaunched l : world.log().ofType(MachineLaunched.class)) {
                groupOf.put(l.machineId(), l.processGroup());
                if (l.actor().equals(World.SEED_ACTOR)) {
                    seeded.computeIfAbsent(l.processGroup(), k -> new ArrayList<>()).add(l.machineId());
                }
            }
        }

        void arm() {
            world.log().subscribe(this::observe);
        }

        private void observe(Observation o) {
            switch (o) {
                case DeployStarted s -> {
                    for (int i = 0; i < faults.size(); i++) {
                        if (faults.get(i).when() instanceof FaultTime.At at) {
                            fireAfter(i, at.seconds());
                        }
                    }
                }
                case StrategyStep s -> {
                    for (int i = 0; i < faults.size(); i++) {
                        if (faults.get(i).when() instanceof FaultTime.OnStep on && !fired[i]
                                && (on.step().equals(FaultTime.ANY_STEP) || on.step().equals(s.step()))
                                && ++stepsSeen[i] == on.occurrence()) {
                            fireAfter(i, on.delaySeconds());
                        }
                    }
                }
                case MachineLaunched l -> groupOf.put(l.machineId(), l.processGroup());
                case MachineStateChanged c when c.to() == MachineState.STARTED -> {
                    for (CrashLoop loop : crashLoops) {
                        loop.started(c.machineId(), c.image(), c.instanceId());
                    }
                }
                default -> { }
            }
        }

        private void fireAfter(int index, double seconds) {
            fired[index] = true;
            // Always through the kernel, even with no delay: the observation that triggered it may
            // come from inside a world operation or the deploy's process, which must finish first.
            world.kernel().scheduleAfterNanos(nanos(seconds), "fault " + index, () -> fire(faults.get(index)));
        }

        private void fire(Fault fault) {
            switch (fault) {
                case Fault.MachineCrash f -> crash(f);
                case Fault.BootFailure f -> scope(f, f.target()).ifPresent(s ->
                        world.failNextBoots(f.attempts(), VersionSelector.ANY, s));
                case Fault.BadRelease f -> scope(f, f.target()).ifPresent(s -> {
                    if (f.mode() == Fault.BadReleaseMode.NEVER_HEALTHY) {
                        world.releaseNeverHealthy(s);
                    } else {
                        startCrashLoop(s);
                    }
                });
                case Fault.SlowBoot f -> scope(f, f.target()).ifPresent(s ->
                        world.slowBoots(f.extraSeconds(), duration(f.durationSeconds()), s));
                case Fault.ApiErrors f -> scope(f, f.target()).ifPresent(s ->
                        world.injectApiErrors(f.rate(), duration(f.durationSeconds()), s, f.operations().toArray(String[]::new)));
                case Fault.ApiTimeouts f -> scope(f, f.target()).ifPresent(s ->
                        world.injectApiTimeouts(f.rate(), duration(API_TIMEOUT_SECONDS), duration(f.durationSeconds()), s,
                                f.operations().toArray(String[]::new)));
                case Fault.LeaseHeld f -> machine(f, f.target()).ifPresent(id ->
                        world.holdLease(id, OTHER_ACTOR, duration(f.durationSeconds())));
                case Fault.HostUnreachable f -> machine(f, f.target()).ifPresent(id ->
                        world.setHostStatus(id, HostStatus.UNREACHABLE, duration(f.durationSeconds())));
                case Fault.PropagationSpike f -> world.spikePropagation(f.propagationSeconds(), duration(f.durationSeconds()));
                case Fault.CapacityExhausted f -> world.exhaustCapacity(((FaultTarget.Region) f.target()).region(),
                        duration(f.durationSeconds()));
                case Fault.Abort f -> {
                    if (deploy.endNanos() >= 0) {
                        noEffect(f, "deploy", "the deploy had already ended");
                    } else {
                        world.log().append(new FaultInjected(world.nowNanos(), f.kind().jsonName(), "deploy", "Ctrl-C"));
                        deploy.abort();
                    }
                }
            }
        }

        private void crash(Fault.MachineCrash f) {
            VersionSelector version = VersionSelector.valueOf(f.version().name());
            List<String> candidates = new ArrayList<>();
            if (f.target() instanceof FaultTarget.Machine) {
                Optional<String> id = machine(f, f.target());
                if (id.isEmpty()) {
                    return;
                }
                candidates.add(id.get());
            } else {
                String group = ((FaultTarget.Group) f.target()).group();
                for (Machine m : world.allMachines()) {
                    if (m.processGroup().equals(group)) {
                        candidates.add(m.id());
                    }
                }
            }
            List<String> eligible = new ArrayList<>();
            for (String id : candidates) {
                Machine m = world.machine(id).orElseThrow();
                if (m.state() == MachineState.STARTED && version.matches(m.image(), world.app())) {
                    eligible.add(id);
                }
            }
            if (eligible.isEmpty()) {
                noEffect(f, describe(f.target()), "no started machine running the " + f.version().jsonName()
                        + " version");
                return;
            }
            String id = eligible.size() == 1 ? eligible.get(0)
                    : eligible.get(world.streams().get(STREAM_TARGET).nextInt(eligible.size()));
            world.crash(id, true);
        }

        private void startCrashLoop(FaultScope scope) {
            world.log().append(new FaultInjected(world.nowNanos(), "bad-release", scope.toString(),
                    "crash-loop: the new version exits " + CRASH_LOOP_UPTIME_SECONDS + " s after every start, restarted up to "
                            + CRASH_LOOP_RESTARTS + " times"));
            CrashLoop loop = new CrashLoop(scope);
            crashLoops.add(loop);
            for (Machine m : world.allMachines()) {
                if (m.state() == MachineState.STARTED) {
                    loop.started(m.id(), m.image(), m.instanceId());
                }
            }
        }

        /** A crash-looping new version in one scope: counts restarts per instance. */
        private final class CrashLoop {
            private final FaultScope scope;
            private final TreeMap<String, Integer> restarts = new TreeMap<>();

            CrashLoop(FaultScope scope) {
                this.scope = scope;
            }

            void started(String id, String image, String instanceId) {
                if (!image.equals(world.app().newImage())) {
                    return;
                }
                if (!scope.covers(id, groupOf.getOrDefault(id, ""))) {
                    return;
                }
                world.kernel().scheduleAfterNanos(nanos(CRASH_LOOP_UPTIME_SECONDS), "crash-loop " + id, () -> {
                    Optional<Machine> now = world.machine(id);
                    if (now.isEmpty() || now.get().state() != MachineState.STARTED || !now.get().instanceId().equals(instanceId)) {
                        return;
                    }
                    int n = restarts.getOrDefault(instanceId, 0);
                    restarts.put(instanceId, n + 1);
                    world.crash(id, n < CRASH_LOOP_RESTARTS);
                });
            }
        }

        /** The scope a fault's target names, or empty (recorded) if it names a machine that does not exist. */
        private Optional<FaultScope> scope(Fault f, FaultTarget target) {
            return switch (target) {
                case FaultTarget.App a -> Optional.of(FaultScope.app());
                case FaultTarget.Group g -> Optional.of(FaultScope.group(g.group()));
                case FaultTarget.Machine m -> machine(f, m).map(FaultScope::machine);
                case FaultTarget.Region r -> Optional.of(FaultScope.app());
            };
        }

        /** The machine a machine target names, or empty (recorded) if the app had no such machine. */
        private Optional<String> machine(Fault f, FaultTarget target) {
            if (!(target instanceof FaultTarget.Machine m)) {
                throw new IllegalArgumentException(f.kind().jsonName() + " needs a machine target, was " + target);
            }
            List<String> ids = seeded.getOrDefault(m.group(), List.of());
            if (m.index() >= ids.size()) {
                noEffect(f, describe(target), "group " + m.group() + " had " + ids.size() + " machine(s) before the deploy");
                return Optional.empty();
            }
            return Optional.of(ids.get(m.index()));
        }

        private void noEffect(Fault f, String target, String why) {
            world.log().append(new FaultInjected(world.nowNanos(), f.kind().jsonName(), target, NO_EFFECT + why));
        }
    }

    /** How observations name a scenario target. */
    static String describe(FaultTarget target) {
        return switch (target) {
            case FaultTarget.App a -> "app";
            case FaultTarget.Group g -> "group " + g.group();
            case FaultTarget.Machine m -> "machine " + m.group() + "[" + m.index() + "]";
            case FaultTarget.Region r -> "region " + r.region();
        };
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos(nanos(seconds));
    }
}
