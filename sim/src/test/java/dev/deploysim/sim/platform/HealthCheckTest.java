package dev.deploysim.sim.platform;

import static dev.deploysim.sim.platform.SimHarness.app;
import static dev.deploysim.sim.platform.SimHarness.serviceCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachinesApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Health checks: grace period, interval and timeout, and their effect on routing. */
class HealthCheckTest {

    @Test
    void noCheckRunsBeforeTheGracePeriodEnds() {
        // grace 10 s: the app is ready at 6.1 but the first run is at 3.1 + 10 = 13.1
        try (SimHarness h = SimHarness.constant(app(0, 0, List.of(serviceCheck(10, 15, 2)), true))) {
            h.world.seedApp();
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2"))));
            h.run();
            assertThat(h.lifecycleTrace()).containsSubsequence(
                    "3.100 state m1 starting->started img:v2",
                    "6.100 ready m1 true",
                    "13.100 check m1 critical->passing",
                    "13.600 proxy m1 routable");
        }
    }

    @Test
    void aHungAppFailsItsCheckAfterTheCheckTimeoutAndTheProxyRoutesAroundItAfterPropagation() {
        // seeded at 0: the check grid is 0 + 1 (grace) + 15 k = 1, 16, 31, 46, ...
        try (SimHarness h = SimHarness.constant(app(1, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            String id = h.world.seedApp().get(0);
            h.spawnAt(10, "fault", () -> h.world.hang(id, Duration.ofSeconds(30)));
            h.run();
            assertThat(h.lifecycleTrace()).containsExactly(
                    "0.000 launched m1 started img:v1",
                    "0.000 ready m1 true",
                    "0.000 check m1 critical->passing",
                    "0.000 proxy m1 routable",
                    "10.000 ready m1 false",
                    "18.000 check m1 passing->critical",   // run at 16 finds no answer; fails after the 2 s timeout
                    "18.500 proxy m1 unroutable",
                    "40.000 ready m1 true",                // the hang ends
                    "46.000 check m1 critical->passing",   // next run on the grid
                    "46.500 proxy m1 routable");
        }
    }

    @Test
    void checksRunOnACordonedMachineButItIsRoutedOnlyOnceUncordoned() {
        try (SimHarness h = SimHarness.constant(app(0, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            h.world.seedApp();
            MachinesApi api = h.api("flyctl");
            AtomicReference<Machine> green = new AtomicReference<>();
            h.spawn("flyctl", () -> {
                Machine m = api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2"))
                        .withSkipServiceRegistration(true));
                green.set(m);
                h.ps.sleep(Duration.ofSeconds(25));
                api.uncordon(m.id(), ""); // lands at 25.2
                return null;
            });
            h.run();
            assertThat(h.lifecycleTrace()).containsSubsequence(
                    "19.100 check m1 critical->passing",
                    "25.700 proxy m1 routable");
            assertThat(h.lifecycleTrace()).filteredOn(l -> l.contains("proxy")).hasSize(1);
        }
    }

    @Test
    void withoutServiceChecksStartedSufficesForRouting() {
        CheckDefinition topLevel = new CheckDefinition("top", "http", false, Duration.ofSeconds(1),
                Duration.ofSeconds(15), Duration.ofSeconds(2));
        try (SimHarness h = SimHarness.constant(app(0, 0, List.of(topLevel), true))) {
            h.world.seedApp();
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2"))));
            h.run();
            assertThat(h.lifecycleTrace()).containsSubsequence(
                    "3.100 state m1 starting->started img:v2",
                    "3.600 proxy m1 routable",            // before the app is ready: a window of refused requests
                    "6.100 ready m1 true",
                    "19.100 check m1 critical->passing");
        }
    }
}
