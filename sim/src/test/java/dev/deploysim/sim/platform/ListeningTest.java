package dev.deploysim.sim.platform;

import static dev.deploysim.sim.platform.SimHarness.app;
import static dev.deploysim.sim.platform.SimHarness.secs;
import static dev.deploysim.sim.platform.SimHarness.serviceCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MachinesApi.listening (flaps GetProcesses as flyctl's listen-address check reads it) on the
 * simulated platform: the service ports count as bound once the app of the current version
 * answers. Constant timings (PlatformConfig.constant(): API 0.1 s, pull 2 s, boot 1 s, app ready 3 s).
 */
class ListeningTest {

    @Test
    void theServicePortsAreBoundOnceTheAppAnswersNotWhenTheMachineHasStarted() {
        try (SimHarness h = SimHarness.constant(app(0, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            h.world.seedApp();
            MachinesApi api = h.api("flyctl");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                Machine m = api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2")));
                api.waitFor(m.id(), Optional.of(m.instanceId()), MachineState.STARTED, Duration.ofMinutes(1));
                boolean early = api.listening(m.id()); // started at 3.1, asked 3.1-3.2
                seen.add(h.world.nowNanos() + " " + early);
                h.world.processes().sleep(secs(3.3));
                boolean late = api.listening(m.id()); // ready at 6.1, asked 6.5-6.6
                seen.add(h.world.nowNanos() + " " + late);
                return null;
            });
            h.run();
            assertThat(seen).containsExactly("3200000000 false", "6600000000 true");
            assertThat(h.apiTrace()).contains("3.100-3.200 flyctl listening m1 -> ok", "6.500-6.600 flyctl listening m1 -> ok");
        }
    }

    @Test
    void aMachineWithoutServicesNeverCountsAsListening() {
        AppSpec worker = new AppSpec("app", "img:v1", "img:v2", "iad", List.of(
                new AppSpec.Group("worker", 0, 0, "iad", false, List.of(), Duration.ofSeconds(5), true)));
        try (SimHarness h = SimHarness.constant(worker)) {
            h.world.seedApp();
            MachinesApi api = h.api("flyctl");
            boolean[] bound = new boolean[1];
            h.spawn("flyctl", () -> {
                Machine m = api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2")));
                api.waitFor(m.id(), Optional.of(m.instanceId()), MachineState.STARTED, Duration.ofMinutes(1));
                h.world.processes().sleep(secs(10));
                bound[0] = api.listening(m.id());
                return null;
            });
            h.run();
            assertThat(bound[0]).isFalse();
        }
    }

    @Test
    void anUnreachableHostAnswersWithAnError() {
        try (SimHarness h = SimHarness.constant(app(1, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            String id = h.world.seedApp().get(0);
            h.world.setHostStatus(id, HostStatus.UNREACHABLE, Duration.ofMinutes(1));
            MachinesApi api = h.api("flyctl");
            Throwable[] error = new Throwable[1];
            h.spawn("flyctl", () -> {
                try {
                    api.listening(id);
                } catch (MachinesApiException.HostUnreachable e) {
                    error[0] = e;
                }
                return null;
            });
            h.run();
            assertThat(error[0]).isInstanceOf(MachinesApiException.HostUnreachable.class);
        }
    }
}
