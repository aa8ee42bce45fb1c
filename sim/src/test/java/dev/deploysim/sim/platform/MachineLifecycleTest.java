package dev.deploysim.sim.platform;

import static dev.deploysim.sim.platform.SimHarness.app;
import static dev.deploysim.sim.platform.SimHarness.secs;
import static dev.deploysim.sim.platform.SimHarness.serviceCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineEvent;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import dev.deploysim.sim.random.Distribution.Constant;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked traces of each lifecycle path with constant timings (PlatformConfig.constant():
 * API 0.1 s, image pull 2 s, boot 1 s, app ready 3 s, app shutdown 1 s, propagation 0.5 s,
 * destroy 0.5 s) and fly's default tcp service check (grace 1 s, interval 15 s, timeout 2 s).
 * Every expected time below is worked out by hand from those numbers, as the comments show.
 */
class MachineLifecycleTest {
    private static final List<CheckDefinition> TCP = List.of(serviceCheck(1, 15, 2));

    @Test
    void createPullsTheImageBootsThenTheAppGetsReadyThenChecksPassThenTheProxyLearns() {
        try (SimHarness h = SimHarness.constant(app(0, 0, TCP, true))) {
            h.world.seedApp();
            MachinesApi api = h.api("flyctl");
            AtomicReference<Machine> launched = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                Machine m = api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2")));
                launched.set(m);
                api.waitFor(m.id(), Optional.of(m.instanceId()), MachineState.STARTED, Duration.ofMinutes(1));
                return null;
            });
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.100 launched m1 created img:v2",          // after one API latency
                    "0.100 state m1 created->starting img:v2",
                    "3.100 state m1 starting->started img:v2",   // + pull 2 s (new host) + boot 1 s
                    "6.100 ready m1 true",                       // + app ready 3 s
                    "19.100 check m1 critical->passing",         // grid 3.1 + 1 (grace) + 15 k: first run >= 6.1
                    "19.600 proxy m1 routable");                 // + propagation 0.5 s
            assertThat(h.apiTrace()).containsExactly(
                    "0.000-0.100 flyctl launch m1 -> ok",
                    "0.100-3.100 flyctl waitFor m1 -> ok");
            assertThat(launched.get().state()).isEqualTo(MachineState.CREATED);
            Machine now = h.world.machine(launched.get().id()).orElseThrow();
            assertThat(now.state()).isEqualTo(MachineState.STARTED);
            assertThat(now.instanceId()).isEqualTo(launched.get().instanceId());
            assertThat(now.allChecksPassing()).isTrue();
            assertThat(now.events()).extracting(MachineEvent::type).containsExactly("start", "start", "launch");
        }
    }

    @Test
    void inPlaceUpdateStopsTheOldVersionThenPullsAndBootsTheNewOneUnderTheSameId() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            AtomicReference<Machine> updated = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                Lease lease = api.acquireLease(id, Duration.ofSeconds(60));
                Machine m = api.update(LaunchInput.update(id, "iad", h.world.app().groups().get(0).config("img:v2")),
                        lease.nonce());
                updated.set(m);
                api.waitFor(id, Optional.of(m.instanceId()), MachineState.STARTED, Duration.ofMinutes(1));
                api.releaseLease(id, lease.nonce());
                return null;
            });
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.000 launched m1 started img:v1",
                    "0.000 ready m1 true",
                    "0.000 check m1 critical->passing",
                    "0.000 proxy m1 routable",
                    "0.200 ready m1 false",                        // lease 0.1, update accepted at 0.2: kill signal
                    "0.200 state m1 started->replacing img:v2",
                    "0.200 check m1 passing->critical",
                    "0.700 proxy m1 unroutable",                   // + propagation 0.5 s
                    "4.200 state m1 replacing->started img:v2",    // + stop min(1, 5) + pull 2 + boot 1
                    "7.200 ready m1 true",                         // + app ready 3 s
                    "20.200 check m1 critical->passing",           // grid 4.2 + 1 + 15 k: first run >= 7.2
                    "20.700 proxy m1 routable");
            assertThat(h.apiTrace()).containsExactly(
                    "0.000-0.100 flyctl acquireLease m1 -> ok",
                    "0.100-0.200 flyctl update m1 -> ok",
                    "0.200-4.200 flyctl waitFor m1 -> ok",
                    "4.200-4.300 flyctl releaseLease m1 -> ok");
            assertThat(updated.get().state()).isEqualTo(MachineState.REPLACING);
            Machine after = h.world.machine(id).orElseThrow();
            assertThat(after.id()).isEqualTo(id);
            assertThat(after.image()).isEqualTo("img:v2");
            assertThat(after.instanceId()).isEqualTo(updated.get().instanceId());
        }
    }

    @Test
    void inPlaceUpdateWaitsAtMostKillTimeoutForASlowShutdown() {
        PlatformConfig slowShutdown = PlatformConfig.constant().withAppShutdownSeconds(new Constant(30));
        try (SimHarness h = new SimHarness(slowShutdown, ProbeConfig.defaults(), app(1, 0, TCP, true), 1)) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> api.update(LaunchInput.update(id, "iad",
                    h.world.app().groups().get(0).config("img:v2")), ""));
            h.run();
            // accepted at 0.1; stop = min(30, kill_timeout 5) = 5; pull 2 + boot 1 -> 8.1
            assertThat(h.lifecycleTrace()).contains("8.100 state m1 replacing->started img:v2");
        }
    }

    @Test
    void aMachineStoppedBeforeAnUpdateKeepsItsNewVersionStopped() {
        try (SimHarness h = SimHarness.constant(app(0, 1, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> api.update(LaunchInput.update(id, "iad",
                    h.world.app().groups().get(0).config("img:v2")), ""));
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.000 launched m1 stopped img:v1",
                    "0.100 state m1 stopped->replacing img:v2",
                    "0.100 state m1 replacing->stopped img:v2");
            assertThat(h.world.machine(id).orElseThrow().state()).isEqualTo(MachineState.STOPPED);
        }
    }

    @Test
    void anUpdateWithSkipLaunchStopsAStartedMachineAndLeavesItStopped() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> api.update(LaunchInput.update(id, "iad",
                    h.world.app().groups().get(0).config("img:v2")).withSkipLaunch(true), ""));
            h.run();
            assertThat(h.lifecycleTrace()).endsWith(
                    "0.100 state m1 started->replacing img:v2",
                    "0.100 check m1 passing->critical",
                    "0.600 proxy m1 unroutable",
                    "1.100 state m1 replacing->stopped img:v2");
        }
    }

    @Test
    void replaceDestroysTheOldMachineThenLaunchesANewOne() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String old = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> {
                api.destroy(old, true, "");
                Machine m = api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2")));
                api.waitFor(m.id(), Optional.of(m.instanceId()), MachineState.STARTED, Duration.ofMinutes(1));
                return null;
            });
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.000 launched m1 started img:v1",
                    "0.000 ready m1 true",
                    "0.000 check m1 critical->passing",
                    "0.000 proxy m1 routable",
                    "0.100 ready m1 false",                         // forced destroy: killed at once
                    "0.100 state m1 started->destroying img:v1",
                    "0.100 check m1 passing->critical",
                    "0.200 launched m2 created img:v2",             // the launch call follows the destroy
                    "0.200 state m2 created->starting img:v2",
                    "0.600 proxy m1 unroutable",                    // 0.1 + propagation 0.5
                    "0.600 state m1 destroying->destroyed img:v1",  // 0.1 + destroy 0.5
                    "0.600 destroyed m1",
                    "3.200 state m2 starting->started img:v2",      // 0.2 + pull 2 + boot 1
                    "6.200 ready m2 true",
                    "19.200 check m2 critical->passing",            // grid 3.2 + 1 + 15 k
                    "19.700 proxy m2 routable");
            assertThat(h.world.invariantViolations()).isEmpty();
        }
    }

    @Test
    void stopThenStartRebootsWithoutPullingTheImageAgain() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> {
                api.stop(id, StopInput.defaults(), "");
                api.waitFor(id, Optional.empty(), MachineState.STOPPED, Duration.ofMinutes(1));
                api.start(id, "");
                api.waitFor(id, Optional.empty(), MachineState.STARTED, Duration.ofMinutes(1));
                return null;
            });
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.000 launched m1 started img:v1",
                    "0.000 ready m1 true",
                    "0.000 check m1 critical->passing",
                    "0.000 proxy m1 routable",
                    "0.100 ready m1 false",
                    "0.100 state m1 started->stopping img:v1",
                    "0.100 check m1 passing->critical",
                    "0.600 proxy m1 unroutable",
                    "1.100 state m1 stopping->stopped img:v1",    // + shutdown 1 s
                    "1.200 state m1 stopped->starting img:v1",    // wait returned at 1.1, start took 0.1
                    "2.200 state m1 starting->started img:v1",    // + boot 1 s, image already on the host
                    "5.200 ready m1 true",
                    "18.200 check m1 critical->passing",          // grid 2.2 + 1 + 15 k
                    "18.700 proxy m1 routable");
            assertThat(h.apiTrace()).containsExactly(
                    "0.000-0.100 flyctl stop m1 -> ok",
                    "0.100-1.100 flyctl waitFor m1 -> ok",
                    "1.100-1.200 flyctl start m1 -> ok",
                    "1.200-2.200 flyctl waitFor m1 -> ok");
        }
    }

    @Test
    void destroyOfAStoppedMachineRemovesItFromTheApi() {
        try (SimHarness h = SimHarness.constant(app(0, 1, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            AtomicReference<List<Machine>> listed = new AtomicReference<>();
            AtomicReference<Throwable> got = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                api.destroy(id, false, "");
                api.waitFor(id, Optional.empty(), MachineState.DESTROYED, Duration.ofMinutes(1));
                listed.set(api.list());
                try {
                    api.get(id);
                } catch (MachinesApiException e) {
                    got.set(e);
                }
                return null;
            });
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.000 launched m1 stopped img:v1",
                    "0.100 state m1 stopped->destroying img:v1",
                    "0.600 state m1 destroying->destroyed img:v1",
                    "0.600 destroyed m1");
            assertThat(listed.get()).isEmpty();
            assertThat(got.get()).isInstanceOf(MachinesApiException.NotFound.class);
        }
    }

    @Test
    void destroyWithoutForceRefusesAStartedMachine() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            AtomicReference<Throwable> got = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                try {
                    api.destroy(id, false, "");
                } catch (MachinesApiException e) {
                    got.set(e);
                }
                return null;
            });
            h.run();
            assertThat(got.get()).isInstanceOf(MachinesApiException.InvalidState.class)
                    .hasMessageContaining("started");
            assertThat(h.world.machine(id).orElseThrow().state()).isEqualTo(MachineState.STARTED);
        }
    }

    @Test
    void aFailedBootLeavesTheMachineFailedWithAnExitEventAndTheWaitTimesOut() {
        try (SimHarness h = SimHarness.constant(app(0, 0, TCP, true))) {
            h.world.seedApp();
            h.world.failNextBoots(1, VersionSelector.NEW);
            MachinesApi api = h.api("flyctl");
            AtomicReference<Machine> first = new AtomicReference<>();
            AtomicReference<Machine> second = new AtomicReference<>();
            AtomicReference<Throwable> waitError = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                Machine m = api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2")));
                first.set(m);
                try {
                    api.waitFor(m.id(), Optional.of(m.instanceId()), MachineState.STARTED, Duration.ofSeconds(10));
                } catch (MachinesApiException e) {
                    waitError.set(e);
                }
                Machine n = api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2")));
                second.set(n);
                api.waitFor(n.id(), Optional.of(n.instanceId()), MachineState.STARTED, Duration.ofSeconds(10));
                return null;
            });
            h.run();
            assertThat(h.lifecycleTrace()).startsWith(
                    "0.100 launched m1 created img:v2",
                    "0.100 state m1 created->starting img:v2",
                    "3.100 state m1 starting->failed img:v2");   // pull 2 + boot 1, then the boot fails
            assertThat(waitError.get()).isInstanceOf(MachinesApiException.Timeout.class);
            assertThat(h.apiTrace()).contains("0.100-10.200 flyctl waitFor m1 -> Timeout"); // 0.1 latency + 10 s
            Machine failed = h.world.machine(first.get().id()).orElseThrow();
            assertThat(failed.state()).isEqualTo(MachineState.FAILED);
            MachineEvent exit = failed.events().get(0);
            assertThat(exit.type()).isEqualTo("exit");
            assertThat(exit.exitCode()).isEqualTo(1);
            assertThat(exit.requested()).isFalse();
            assertThat(h.world.machine(second.get().id()).orElseThrow().state())
                    .as("only the next boot fails").isEqualTo(MachineState.STARTED);
        }
    }

    @Test
    void startDuringAnUpdateIsRejectedAndTheUpdateCompletes() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi api = h.api("flyctl");
            AtomicReference<Throwable> got = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                api.update(LaunchInput.update(id, "iad", h.world.app().groups().get(0).config("img:v2")), "");
                try {
                    api.start(id, "");
                } catch (MachinesApiException e) {
                    got.set(e);
                }
                return null;
            });
            h.run();
            assertThat(got.get()).isInstanceOf(MachinesApiException.InvalidState.class);
            assertThat(h.world.machine(id).orElseThrow().state()).isEqualTo(MachineState.STARTED);
            assertThat(h.world.machine(id).orElseThrow().image()).isEqualTo("img:v2");
        }
    }

    @Test
    void aWaitForAnOlderInstanceDoesNotReturnForTheNewOne() {
        try (SimHarness h = SimHarness.constant(app(1, 0, TCP, true))) {
            String id = h.world.seedApp().get(0);
            String oldInstance = h.world.machine(id).orElseThrow().instanceId();
            MachinesApi api = h.api("flyctl");
            AtomicReference<Throwable> got = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                api.update(LaunchInput.update(id, "iad", h.world.app().groups().get(0).config("img:v2")), "");
                try {
                    api.waitFor(id, Optional.of(oldInstance), MachineState.STARTED, secs(20));
                } catch (MachinesApiException e) {
                    got.set(e);
                }
                return null;
            });
            h.run();
            assertThat(got.get()).isInstanceOf(MachinesApiException.Timeout.class);
        }
    }

    @Test
    void unknownMachinesAreNotFoundAndCallsOutsideAProcessAreRefused() {
        try (SimHarness h = SimHarness.constant(app(0, 0, TCP, true))) {
            h.world.seedApp();
            MachinesApi api = h.api("flyctl");
            AtomicReference<Throwable> got = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                try {
                    api.get("nosuchmachine");
                } catch (MachinesApiException e) {
                    got.set(e);
                }
                return null;
            });
            h.run();
            assertThat(got.get()).isInstanceOf(MachinesApiException.NotFound.class);
            assertThatThrownBy(() -> api.list()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be called from a process");
        }
    }
}
