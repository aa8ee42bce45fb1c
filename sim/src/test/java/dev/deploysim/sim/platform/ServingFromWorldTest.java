package dev.deploysim.sim.platform;

import static dev.deploysim.sim.platform.SimHarness.app;
import static dev.deploysim.sim.platform.SimHarness.nanos;
import static dev.deploysim.sim.platform.SimHarness.serviceCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.observe.ServingTimeline.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

/** serving(t) and probe statistics derived from a world's log, for updates worked out by hand. */
class ServingFromWorldTest {

    @Test
    void updatingTheOnlyMachineInPlaceLeavesNothingServingFromTheKillSignalUntilTheProxyRoutesTheNewVersion() {
        try (SimHarness h = SimHarness.constant(app(1, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            String id = h.world.seedApp().get(0);
            h.world.startProber();
            MachinesApi api = h.api("flyctl");
            h.spawn("deploy", () -> {
                h.world.deployStarted("in-place", "");
                h.world.stepRecorder().step("updateMachine", id, "");
                api.update(LaunchInput.update(id, "iad", h.world.app().groups().get(0).config("img:v2")), "");
                h.world.deployFinished(DeployOutcome.SUCCEEDED, "");
                return null;
            });
            h.runUntil(30);
            h.world.stopProber();
            h.run();
            ServingTimeline t = ServingTimeline.of(h.log);
            // kill signal at 0.1; new version started 4.1, ready 7.1, check passes 20.1, proxy routes it at 20.6
            assertThat(t.zeroServingIntervals(0, nanos(30))).containsExactly(new Interval(nanos(0.1), nanos(20.6)));
            assertThat(t.minServing(0, nanos(30))).isZero();
            assertThat(t.servingAt(nanos(25))).isEqualTo(1);
            // a probe held until the proxy routes the new version is answered at 20.61: OK only if sent after 19.61
            ProbeStats during = ProbeStats.of(h.log, nanos(0.1), nanos(19.6));
            assertThat(during.sent()).isPositive();
            assertThat(during.ok()).as("nothing answers promptly while nothing serves").isZero();
            assertThat(ProbeStats.of(h.log, nanos(19.6), nanos(20.6)).ok()).isEqualTo(4);
            assertThat(h.log.ofType(Observation.StrategyStep.class)).extracting(Observation.StrategyStep::step)
                    .containsExactly("updateMachine");
            assertThat(h.log.ofType(Observation.DeployFinished.class)).hasSize(1);
        }
    }

    @Test
    void updatingOneOfTwoMachinesKeepsOneServingThroughout() {
        try (SimHarness h = SimHarness.constant(app(2, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            List<String> ids = h.world.seedApp();
            h.world.startProber();
            MachinesApi api = h.api("flyctl");
            h.spawn("deploy", () -> api.update(LaunchInput.update(ids.get(0), "iad",
                    h.world.app().groups().get(0).config("img:v2")), ""));
            h.runUntil(30);
            h.world.stopProber();
            h.run();
            ServingTimeline t = ServingTimeline.of(h.log);
            assertThat(t.minServing(0, nanos(30))).isEqualTo(1);
            assertThat(t.servingMachinesAt(nanos(10))).containsExactly(ids.get(1));
            assertThat(t.servingAt(nanos(30))).isEqualTo(2);
            // the stale route between the kill signal (0.1) and the proxy learning (0.6) costs a retry, not a failure
            assertThat(ProbeStats.of(h.log).failed()).isZero();
        }
    }
}
