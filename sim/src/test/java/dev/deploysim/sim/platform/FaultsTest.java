package dev.deploysim.sim.platform;

import static dev.deploysim.sim.platform.SimHarness.app;
import static dev.deploysim.sim.platform.SimHarness.nanos;
import static dev.deploysim.sim.platform.SimHarness.serviceCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.MachineEvent;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.observe.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fault mechanisms, each on its own, with constant timings. */
class FaultsTest {
    private static final List<CheckDefinition> TCP = List.of(serviceCheck(1, 15, 2));

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (MachinesApiException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void aCrashWithRestartRebootsTheSameVersionAndCountsTheRestart() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            h.spawnAt(5, "fault", () -> h.world.crash(id, true));
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.000 launched m1 started img:v1",
                    "0.000 ready m1 true",
                    "0.000 check m1 critical->passing",
                    "0.000 proxy m1 routable",
                    "5.000 ready m1 false",
                    "5.000 state m1 started->starting img:v1",
                    "5.000 check m1 passing->critical",
                    "5.500 proxy m1 unroutable",
                    "6.000 state m1 starting->started img:v1",    // boot 1 s, no pull
                    "9.000 ready m1 true",
                    "22.000 check m1 critical->passing",         // grid 6 + 1 + 15 k
                    "22.500 proxy m1 routable");
            MachineEvent exit = h.world.machine(id).orElseThrow().events().get(1);
            assertThat(exit.type()).isEqualTo("exit");
            assertThat(exit.requested()).isFalse();
            assertThat(exit.restarting()).isTrue();
            assertThat(exit.restartCount()).isEqualTo(1);
            assertThat(h.log.ofType(Observation.FaultInjected.class)).extracting(Observation.FaultInjected::fault)
                    .containsExactly("crash");
        }
    }

    @Test
    void aCrashWithoutRestartLeavesTheMachineStoppedAndOnlySelectedVersionsCrash() {
        try (SimHarness h = SimHarness.constant(app(2, 0, TCP, true))) {
            List<String> ids = h.world.seedApp();
            List<Optional<String>> crashed = new ArrayList<>();
            h.spawnAt(5, "fault", () -> {
                crashed.add(h.world.crash(VersionSelector.NEW, false));
                crashed.add(h.world.crash(VersionSelector.OLD, false));
                return null;
            });
            h.run();
            assertThat(crashed.get(0)).as("no machine runs the new version").isEmpty();
            String victim = crashed.get(1).orElseThrow();
            assertThat(ids).contains(victim);
            assertThat(h.world.machine(victim).orElseThrow().state()).isEqualTo(MachineState.STOPPED);
            assertThat(h.world.machine(victim).orElseThrow().events().get(0).exitCode()).isEqualTo(1);
        }
    }

    @Test
    void apiErrorsFailCallsOfTheCoveredOperationsUntilTheWindowHeals() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            h.world.injectApiErrors(1.0, Duration.ofSeconds(10), "get");
            MachinesApi api = h.api("flyctl");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                seen.add("get: " + outcome(() -> api.get(id)));
                seen.add("list: " + outcome(api::list));
                h.ps.sleep(Duration.ofSeconds(10));
                seen.add("get after: " + outcome(() -> api.get(id)));
                return null;
            });
            h.run();
            assertThat(seen).containsExactly("get: Transient", "list: ok", "get after: ok");
            assertThat(h.log.ofType(Observation.FaultHealed.class)).extracting(o -> o.fault() + "@" + o.atNanos())
                    .containsExactly("api-errors@" + nanos(10));
        }
    }

    @Test
    void anApiTimeoutMakesTheCallerWaitAndLeavesItUnsureWhetherTheCallHappened() {
        try (SimHarness h = SimHarness.constant(app(0, 0, TCP, true))) {
            h.world.seedApp();
            h.world.injectApiTimeouts(1.0, Duration.ofSeconds(5), Duration.ofMinutes(10), "launch");
            MachinesApi api = h.api("flyctl");
            List<Long> took = new ArrayList<>();
            h.spawn("flyctl", () -> {
                for (int i = 0; i < 20; i++) {
                    long t0 = h.kernel.nowNanos();
                    assertThat(outcome(() -> api.launch(LaunchInput.launch("iad",
                            h.world.app().groups().get(0).config("img:v2"))))).isEqualTo("Timeout");
                    took.add(h.kernel.nowNanos() - t0);
                }
                return null;
            });
            h.run();
            assertThat(took).containsOnly(nanos(5.1)); // latency 0.1 + the 5 s timeout
            long applied = h.log.ofType(Observation.ApiCall.class).stream()
                    .filter(a -> a.detail().contains("(applied)")).count();
            assertThat(h.world.allMachines()).hasSize((int) applied);
            assertThat(applied).as("with even odds, 20 tries apply some and not all").isBetween(1L, 19L);
        }
    }

    @Test
    void anotherActorTakesTheLeaseTheMomentItIsFreeAndHoldsItForThePeriod() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                Lease lease = api.acquireLease(id, Duration.ofSeconds(60));       // 0.1
                h.world.holdLease(id, "someone-else", Duration.ofSeconds(10));   // waits for the lease
                api.releaseLease(id, lease.nonce());                              // 0.2: someone-else takes it
                seen.add("acquire while held: " + outcome(() -> api.acquireLease(id, Duration.ofSeconds(13))));
                h.ps.sleep(Duration.ofSeconds(10));                               // 10.3 > 0.2 + 10
                seen.add("acquire after the period: " + outcome(() -> api.acquireLease(id, Duration.ofSeconds(13))));
                return null;
            });
            h.run();
            assertThat(seen).containsExactly("acquire while held: LeaseHeld", "acquire after the period: ok");
            assertThat(h.log.ofType(Observation.LeaseChanged.class))
                    .extracting(c -> c.change() + " " + c.owner() + " @" + c.atNanos() / 100_000_000 / 10.0)
                    .startsWith("ACQUIRED flyctl @0.1", "RELEASED flyctl @0.2", "ACQUIRED someone-else @0.2",
                            "EXPIRED someone-else @10.2", "ACQUIRED flyctl @10.4");
        }
    }

    @Test
    void anUnreachableHostRefusesMutationsButAllowsAForcedDestroy() {
        try (SimHarness h = SimHarness.constant(app(2, 0, TCP, true))) {
            List<String> ids = h.world.seedApp();
            h.world.setHostStatus(ids.get(0), HostStatus.UNREACHABLE, Duration.ofSeconds(30));
            h.world.setHostStatus(ids.get(1), HostStatus.UNREACHABLE, Duration.ofSeconds(30));
            MachinesApi api = h.api("flyctl");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                LaunchInput in = LaunchInput.update(ids.get(0), "iad", h.world.app().groups().get(0).config("img:v2"));
                seen.add("status: " + api.get(ids.get(0)).hostStatus());
                seen.add("update: " + outcome(() -> api.update(in, "")));
                seen.add("lease: " + outcome(() -> api.acquireLease(ids.get(0), Duration.ofSeconds(13))));
                seen.add("cordon: " + outcome(() -> api.cordon(ids.get(0), "")));
                seen.add("forced destroy: " + outcome(() -> api.destroy(ids.get(1), true, "")));
                h.ps.sleep(Duration.ofSeconds(30));
                seen.add("status after: " + api.get(ids.get(0)).hostStatus());
                seen.add("update after: " + outcome(() -> api.update(in, "")));
                return null;
            });
            h.run();
            assertThat(seen).containsExactly("status: UNREACHABLE", "update: HostUnreachable", "lease: HostUnreachable",
                    "cordon: HostUnreachable", "forced destroy: ok", "status after: OK", "update after: ok");
            assertThat(h.world.canAnswer(ids.get(0))).isTrue();
        }
    }

    @Test
    void anExhaustedRegionRefusesLaunchesStartsAndUpdatesThereUntilItHeals() {
        try (SimHarness h = SimHarness.constant(app(1, 1, TCP, true))) {
            List<String> ids = h.world.seedApp();
            String stopped = h.world.allMachines().stream().filter(m -> m.state() == MachineState.STOPPED)
                    .findFirst().orElseThrow().id();
            String started = ids.stream().filter(i -> !i.equals(stopped)).findFirst().orElseThrow();
            h.world.exhaustCapacity("iad", Duration.ofSeconds(20));
            MachinesApi api = h.api("flyctl");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                var cfg = h.world.app().groups().get(0).config("img:v2");
                seen.add("launch iad: " + outcome(() -> api.launch(LaunchInput.launch("iad", cfg))));
                seen.add("launch ord: " + outcome(() -> api.launch(LaunchInput.launch("ord", cfg))));
                seen.add("start: " + outcome(() -> api.start(stopped, "")));
                seen.add("update: " + outcome(() -> api.update(LaunchInput.update(started, "iad", cfg), "")));
                h.ps.sleep(Duration.ofSeconds(20));
                seen.add("launch iad after: " + outcome(() -> api.launch(LaunchInput.launch("iad", cfg))));
                return null;
            });
            h.run();
            assertThat(seen).containsExactly("launch iad: CapacityExhausted", "launch ord: ok", "start: CapacityExhausted",
                    "update: CapacityExhausted", "launch iad after: ok");
            assertThat(h.log.ofType(Observation.ApiCall.class)).filteredOn(a -> a.error().equals("CapacityExhausted"))
                    .first().extracting(Observation.ApiCall::detail).asString()
                    .contains("could not reserve resource for machine");
        }
    }
}
