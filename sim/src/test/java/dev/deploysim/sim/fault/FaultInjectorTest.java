package dev.deploysim.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.FaultHealed;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.FaultTarget;
import dev.deploysim.sim.scenario.FaultTime;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each fault kind executed by the standard runner on a platform whose timings are constants
 * ({@link PlatformConfig#constant()}: API calls 0.1 s, boots 1 s, app ready 3 s, ...), so every
 * time below is exact; the deploy starts at {@link Runner#WARMUP_NANOS} (5 s).
 */
class FaultInjectorTest {
    private static final ScenarioLoader LOADER = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
    private static final FaultTarget.Machine M0 = new FaultTarget.Machine("app", 0);
    private static final FaultTarget.Machine M1 = new FaultTarget.Machine("app", 1);

    private static Scenario scenario(String strategy, int machines, Map<String, Object> options, Fault... faults) {
        return LOADER.defaults().withApp(AppSpec.web(machines)).withPlatform(PlatformConfig.constant())
                .withStrategy(LOADER.catalog().resolve("strategy", strategy, new TreeMap<>(options)))
                .withFaults(List.of(faults));
    }

    private static DeployRun run(Scenario s) {
        return Runners.standard().run(s);
    }

    private static List<FaultInjected> injected(DeployRun r) {
        return r.log().ofType(FaultInjected.class);
    }

    /** The seeded machines of group app, started first, in creation order: what machine targets index. */
    private static List<String> seeded(DeployRun r) {
        return r.log().ofType(MachineLaunched.class).stream().filter(l -> l.actor().equals(World.SEED_ACTOR))
                .map(MachineLaunched::machineId).toList();
    }

    private static long ns(double s) {
        return Math.round(s * 1e9);
    }

    @Test
    void aTimedFaultFiresThatManySecondsAfterTheDeployStartedOnTheIndexedMachine() {
        DeployRun r = run(scenario("rolling", 2, Map.of(), new Fault.MachineCrash(M1, new FaultTime.At(2), Fault.Version.ANY)));
        assertThat(injected(r)).singleElement().satisfies(f -> {
            assertThat(f.fault()).isEqualTo("crash");
            assertThat(f.atNanos()).isEqualTo(Runner.WARMUP_NANOS + ns(2));
            assertThat(f.target()).isEqualTo(seeded(r).get(1));
        });
    }

    @Test
    void aStepTriggerFiresItsDelayAfterTheStepsNthOccurrence() {
        DeployRun r = run(scenario("rolling", 3, Map.of(),
                new Fault.MachineCrash(M0, new FaultTime.OnStep("updateMachine", 2, 1.5), Fault.Version.ANY)));
        long second = r.log().ofType(StrategyStep.class).stream().filter(s -> s.step().equals("updateMachine"))
                .skip(1).findFirst().orElseThrow().atNanos();
        assertThat(injected(r)).singleElement().satisfies(f -> assertThat(f.atNanos()).isEqualTo(second + ns(1.5)));
    }

    @Test
    void aTriggerThatNeverFiresLeavesItsFaultUnused() {
        DeployRun r = run(scenario("rolling", 1, Map.of(),
                new Fault.MachineCrash(M0, new FaultTime.OnStep("cordonBlueMachines", 1, 0), Fault.Version.ANY)));
        assertThat(injected(r)).isEmpty();
    }

    @Test
    void aFaultWithNothingToActOnIsRecordedAsWithoutEffect() {
        DeployRun r = run(scenario("rolling", 1, Map.of(),
                new Fault.MachineCrash(new FaultTarget.Machine("app", 4), new FaultTime.At(0), Fault.Version.ANY),
                new Fault.MachineCrash(new FaultTarget.Group("app"), new FaultTime.At(0), Fault.Version.NEW)));
        assertThat(injected(r)).extracting(FaultInjected::detail).containsExactly(
                FaultInjector.NO_EFFECT + "group app had 1 machine(s) before the deploy",
                FaultInjector.NO_EFFECT + "no started machine running the new version");
    }

    @Test
    void aCrashedMachineIsRestarted() {
        // after the deploy: the machine runs the new version by then
        DeployRun r = run(scenario("rolling", 2, Map.of(), new Fault.MachineCrash(M0, new FaultTime.At(100), Fault.Version.NEW)));
        String m0 = seeded(r).get(0);
        assertThat(r.log().ofType(MachineStateChanged.class).stream()
                .filter(c -> c.machineId().equals(m0) && c.atNanos() >= Runner.WARMUP_NANOS + ns(100)))
                .extracting(MachineStateChanged::to).containsExactly(MachineState.STARTING, MachineState.STARTED);
    }

    @Test
    void aBootFailureAimedAtOneMachineFailsOnlyItsNextBoot() {
        DeployRun r = run(scenario("rolling", 2, Map.of(), new Fault.BootFailure(M1, new FaultTime.At(0), 1)));
        String m1 = seeded(r).get(1);
        List<MachineStateChanged> failed = r.log().ofType(MachineStateChanged.class).stream()
                .filter(c -> c.to() == MachineState.FAILED).toList();
        assertThat(failed).extracting(MachineStateChanged::machineId).containsExactly(m1);
    }

    @Test
    void aNeverHealthyReleaseNeverBecomesReadyAndTheDeployFails() {
        DeployRun r = run(scenario("rolling", 1, Map.of("waitTimeout", "20s"),
                new Fault.BadRelease(FaultTarget.app(), new FaultTime.At(0), Fault.BadReleaseMode.NEVER_HEALTHY)));
        assertThat(r.outcomeName()).isEqualTo("failed");
        String newInstance = r.log().ofType(MachineStateChanged.class).stream()
                .filter(c -> c.image().equals(AppSpec.web(1).newImage())).findFirst().orElseThrow().instanceId();
        assertThat(r.log().ofType(AppReadyChanged.class)).noneMatch(a -> a.instanceId().equals(newInstance) && a.ready());
    }

    @Test
    void aCrashLoopingReleaseIsRestartedUpToFlydsLimitThenStaysStoppedAndFailsTheSmokeCheck() {
        DeployRun r = run(scenario("rolling", 1, Map.of(),
                new Fault.BadRelease(new FaultTarget.Group("app"), new FaultTime.At(0), Fault.BadReleaseMode.CRASH_LOOP)));
        List<FaultInjected> crashes = injected(r).stream().filter(f -> f.fault().equals("crash")).toList();
        assertThat(crashes).hasSize(FaultInjector.CRASH_LOOP_RESTARTS + 1);
        assertThat(crashes.subList(0, FaultInjector.CRASH_LOOP_RESTARTS)).allMatch(f -> f.detail().equals("restart"));
        assertThat(crashes.get(FaultInjector.CRASH_LOOP_RESTARTS).detail()).isEqualTo("no restart");
        assertThat(r.outcomeDetail()).contains("crashing");
    }

    @Test
    void aSlowBootAddsItsExtraTimeToBootsInItsScopeAndWindow() {
        // constant platform: the update stops the old app (1 s), pulls the new image (2 s) and boots (1 s); +20 s
        DeployRun plain = run(scenario("rolling", 1, Map.of()));
        DeployRun slow = run(scenario("rolling", 1, Map.of(),
                new Fault.SlowBoot(M0, new FaultTime.At(0), new Distribution.Constant(20), 60)));
        assertThat(startedAt(slow) - startedAt(plain)).isEqualTo(ns(20));
        assertThat(slow.log().ofType(FaultHealed.class)).singleElement()
                .satisfies(h -> assertThat(h.atNanos()).isEqualTo(Runner.WARMUP_NANOS + ns(60)));
    }

    private static long startedAt(DeployRun r) {
        return r.log().ofType(MachineStateChanged.class).stream()
                .filter(c -> c.to() == MachineState.STARTED && c.image().equals(AppSpec.web(1).newImage()))
                .findFirst().orElseThrow().atNanos();
    }

    @Test
    void apiErrorsAimedAtOneMachineFailOnlyCallsNamingIt() {
        DeployRun r = run(scenario("immediate", 2, Map.of(),
                new Fault.ApiErrors(M0, new FaultTime.At(0), 1.0, List.of("update"), 60)));
        String m0 = seeded(r).get(0);
        List<ApiCall> updates = r.log().ofType(ApiCall.class).stream().filter(c -> c.operation().equals("update")).toList();
        assertThat(updates).filteredOn(c -> c.machineId().equals(m0)).allMatch(c -> c.error().equals("Transient")).isNotEmpty();
        assertThat(updates).filteredOn(c -> !c.machineId().equals(m0)).allMatch(ApiCall::ok).isNotEmpty();
    }

    @Test
    void anApiTimeoutKeepsTheCallerWaitingTheTimeout() {
        DeployRun r = run(scenario("immediate", 1, Map.of(),
                new Fault.ApiTimeouts(FaultTarget.app(), new FaultTime.At(0), 1.0, List.of("update"), 60)));
        ApiCall update = r.log().ofType(ApiCall.class).stream().filter(c -> c.operation().equals("update")).findFirst()
                .orElseThrow();
        assertThat(update.error()).isEqualTo("Timeout");
        assertThat(update.atNanos() - update.startedAtNanos()).isEqualTo(ns(0.1 + FaultInjector.API_TIMEOUT_SECONDS));
    }

    @Test
    void aHeldLeaseMakesTheDeploysAcquisitionFailWithTheOtherActorNamed() {
        DeployRun r = run(scenario("rolling", 1, Map.of(), new Fault.LeaseHeld(M0, new FaultTime.At(0), 60)));
        assertThat(r.log().ofType(ApiCall.class)).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo("acquireLease");
            assertThat(c.error()).isEqualTo("LeaseHeld");
            assertThat(c.leaseHolder()).isEqualTo(FaultInjector.OTHER_ACTOR);
        });
        assertThat(r.outcomeName()).isEqualTo("failed");
    }

    @Test
    void windowedFaultsHealWhenTheirWindowEnds() {
        DeployRun r = run(scenario("rolling", 1, Map.of(),
                new Fault.HostUnreachable(M0, new FaultTime.At(1), 30),
                new Fault.PropagationSpike(FaultTarget.app(), new FaultTime.At(2), new Distribution.Constant(12), 40),
                new Fault.CapacityExhausted(new FaultTarget.Region("iad"), new FaultTime.At(3), 50)));
        assertThat(injected(r)).extracting(FaultInjected::fault, FaultInjected::atNanos).containsExactly(
                org.assertj.core.groups.Tuple.tuple("host-unreachable", ns(6)),
                org.assertj.core.groups.Tuple.tuple("propagation-spike", ns(7)),
                org.assertj.core.groups.Tuple.tuple("capacity", ns(8)));
        assertThat(r.log().ofType(FaultHealed.class)).extracting(FaultHealed::fault, FaultHealed::atNanos).containsExactly(
                org.assertj.core.groups.Tuple.tuple("host-unreachable", ns(36)),
                org.assertj.core.groups.Tuple.tuple("propagation-spike", ns(47)),
                org.assertj.core.groups.Tuple.tuple("capacity", ns(58)));
    }

    @Test
    void exhaustedCapacityFailsTheCanarysLaunch() {
        DeployRun r = run(scenario("canary", 1, Map.of(),
                new Fault.CapacityExhausted(new FaultTarget.Region("iad"), new FaultTime.At(0), 60)));
        assertThat(r.log().ofType(ApiCall.class)).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo("launch");
            assertThat(c.error()).isEqualTo("CapacityExhausted");
        });
    }

    @Test
    void anAbortCancelsTheRunningDeployAndOneAfterItsEndHasNoEffect() {
        DeployRun aborted = run(scenario("rolling", 2, Map.of(),
                new Fault.Abort(FaultTarget.app(), new FaultTime.OnStep("updateMachine", 1, 0.5))));
        assertThat(aborted.outcomeName()).isEqualTo("failed");
        assertThat(aborted.outcomeDetail()).contains("canceled");
        assertThat(injected(aborted)).singleElement().satisfies(f -> assertThat(f.fault()).isEqualTo("abort"));

        DeployRun late = run(scenario("immediate", 1, Map.of(), new Fault.Abort(FaultTarget.app(), new FaultTime.At(100))));
        assertThat(late.outcomeName()).isEqualTo("succeeded");
        assertThat(injected(late)).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo(FaultInjector.NO_EFFECT + "the deploy had already ended"));
    }

    @Test
    void theSameScenarioWithFaultsGivesTheSameTrace() {
        Scenario s = scenario("bluegreen", 3, Map.of(),
                new Fault.ApiErrors(FaultTarget.app(), new FaultTime.OnStep("any", 5, 0), 0.3, List.of(), 30),
                new Fault.MachineCrash(new FaultTarget.Group("app"), new FaultTime.At(4), Fault.Version.ANY));
        DeployRun first = run(s);
        assertThat(injected(first)).isNotEmpty();
        assertThat(run(s).traceHash()).isEqualTo(first.traceHash());
    }
}
