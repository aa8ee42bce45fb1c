package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.strategies.ScriptedMachinesApi.Call;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flyctl's immediate strategy (spec 4.1): every update at once, no waits, errors aggregated. */
class ImmediateStrategyTest {

    @Test
    void everyUpdateIsIssuedAtTheSameInstantAndNothingIsWaitedFor() {
        try (Harness h = new Harness().startedMachines(5)) {
            Harness.Result r = h.run("immediate");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("update")).hasSize(5);
            assertThat(h.api.calls("update").stream().map(Call::atNanos).distinct()).hasSize(1);
            assertThat(h.api.calls("waitFor")).isEmpty();
            assertThat(h.api.calls("get")).isEmpty();
            // the deploy returns as soon as the updates were accepted and the leases released
            assertThat(h.lastIndexOf("releaseLease", null)).isEqualTo(h.api.calls().size() - 1);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void maxConcurrentBoundsTheUpdatesInFlight() {
        try (Harness h = new Harness().startedMachines(5)) {
            Harness.Result r = h.run("immediate", Map.of("maxConcurrent", 2));
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("update").stream().map(Call::atNanos).distinct()).hasSize(3);
            assertThat(RollingStrategyTest.maxConcurrentUpdates(h)).isEqualTo(2);
        }
    }

    @Test
    void aFailedUpdateDoesNotStopTheOthersAndFailsTheDeploy() {
        try (Harness h = new Harness().startedMachines(3)) {
            h.api.fail("update", "m02", 1, () -> new MachinesApiException.InvalidState("m02", MachineState.FAILED, "update"));
            Harness.Result r = h.run("immediate");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("m02");
            assertThat(h.api.existing()).filteredOn(m -> !m.id().equals("m02"))
                    .allSatisfy(m -> assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE));
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }
}
