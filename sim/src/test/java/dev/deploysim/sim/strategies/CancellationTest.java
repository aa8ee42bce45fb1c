package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.strategies.flyctl.Steps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ctrl-C as cancellation of the deploy task: leases still released, bluegreen's abort rules. */
class CancellationTest {

    @Test
    void cancellingARollingDeployStillReleasesEveryLease() {
        try (Harness h = new Harness().startedMachines(3)) {
            Harness.Result r = h.run("rolling", Map.of(), Duration.ofSeconds(5));
            assertThat(r.error()).isNotNull();
            assertThat(r.error()).hasRootCauseInstanceOf(CancelledException.class);
            assertThat(h.api.calls("update")).extracting(ScriptedMachinesApi.Call::machineId).containsExactly("m01");
            assertThat(h.api.leasesHeldByUs()).isEmpty();
            assertThat(r.endNanos()).isLessThan(Duration.ofSeconds(6).toNanos());
        }
    }

    @Test
    void cancellingBluegreenBeforeTheGreensAreReadyRollsThemBack() {
        try (Harness h = new Harness().startedMachines(2)) {
            Harness.Result r = h.run("bluegreen", Map.of(), Duration.ofMillis(700)); // while waiting for greens to start
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("deployment aborted by user");
            assertThat(r.error().rolledBack()).isTrue();
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly("m01", "m02");
            assertThat(h.steps(Steps.ROLLBACK)).isNotEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void cancellingBluegreenAfterTheGreensAreReadyKeepsThem() {
        try (Harness h = new Harness().startedMachines(2)) {
            Harness.Result r = h.run("bluegreen", Map.of(), Duration.ofSeconds(8)); // during waitBeforeCordon
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("deployment aborted by user");
            assertThat(r.error().rolledBack()).isFalse();
            List<String> ids = h.api.existing().stream().map(m -> m.id()).toList();
            assertThat(ids).hasSize(4).contains("m01", "m02");
            assertThat(h.api.calls("cordon")).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }
}
