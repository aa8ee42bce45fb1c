package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.strategies.ScriptedMachinesApi.Call;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.fleet.HeldLease;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The fleet ports' lease (strategies.fleet.HeldLease) against the rhythm its Javadoc states, which is
 * flyctl's: refreshed every third of its TTL (leasable_machine.go refreshLeaseUntilCanceled), released
 * at the end with up to 3 attempts 1 s apart on a transient error (as plan.go's releaseLeases retries),
 * refreshed by hand while holdFor waits once its refresher is gone. Each scripted call takes 50 ms.
 */
class HeldLeaseTest {

    private static void run(Harness h, Consumer<DeployContext> body) {
        Options o = Strategies.resolveOptions(Strategies.get("k8s-rolling"), java.util.Map.of());
        DeployContext ctx = new DeployContext("app", h.release(), o, h.api, h.ps, h.ps, (s, m, d) -> { });
        h.ps.spawn("lease", () -> {
            body.accept(ctx);
            return null;
        });
        RunResult r = h.kernel.run(Duration.ofHours(1).toNanos(), 1_000_000);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(h.ps.liveCount()).isZero();
    }

    private static long[] times(List<Call> calls) {
        return calls.stream().mapToLong(Call::atNanos).toArray();
    }

    @Test
    void aHeldLeaseIsRefreshedEveryThirdOfItsTtlAndNotAfterItsRelease() {
        try (Harness h = new Harness().startedMachines(1)) {
            run(h, ctx -> {
                HeldLease l = HeldLease.acquire(ctx, "m01", Duration.ofSeconds(30));
                ctx.clock().sleep(Duration.ofSeconds(25));
                l.release();
                ctx.clock().sleep(Duration.ofSeconds(30));
            });
            // acquired at 50 ms; the refresher sleeps 10 s then calls (50 ms): 10.1 s, 20.15 s
            assertThat(times(h.api.calls("refreshLease"))).containsExactly(10_100_000_000L, 20_150_000_000L);
            assertThat(h.api.calls("releaseLease")).hasSize(1);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void aReleaseIsRetriedTwiceOneSecondApartOnTransientErrors() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("releaseLease", "m01", 2, () -> new MachinesApiException.Transient("releaseLease", 500));
            run(h, ctx -> HeldLease.acquire(ctx, "m01", Duration.ofSeconds(30)).release());
            List<Call> releases = h.api.calls("releaseLease");
            assertThat(releases).hasSize(3);
            assertThat(releases.get(1).atNanos() - releases.get(0).atNanos()).isEqualTo(1_050_000_000L);
            assertThat(releases.get(2).atNanos() - releases.get(1).atNanos()).isEqualTo(1_050_000_000L);
            assertThat(releases.get(2).ok()).isTrue();
        }
    }

    @Test
    void aReleaseGivesUpAfterThreeAttempts() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("releaseLease", "m01", 5, () -> new MachinesApiException.Transient("releaseLease", 500));
            run(h, ctx -> HeldLease.acquire(ctx, "m01", Duration.ofSeconds(30)).release());
            assertThat(h.api.calls("releaseLease")).hasSize(3).noneMatch(Call::ok);
        }
    }

    @Test
    void holdForRefreshesByHandOnceTheRefresherIsGone() {
        try (Harness h = new Harness().startedMachines(1)) {
            long[] end = new long[1];
            run(h, ctx -> {
                HeldLease l = HeldLease.acquire(ctx, "m01", Duration.ofSeconds(30));
                l.dropped(); // the refresher stops, the lease itself is still held
                l.holdFor(Duration.ofSeconds(25));
                end[0] = h.kernel.nowNanos();
                l.release();
            });
            // slices of 10, 10, 5 s, a refresh (50 ms) before each: 0.1, 10.15, 20.2 s; the wait is 25 s of sleep
            assertThat(times(h.api.calls("refreshLease"))).containsExactly(100_000_000L, 10_150_000_000L, 20_200_000_000L);
            assertThat(end[0]).isEqualTo(25_200_000_000L);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void holdForWithALiveRefresherOnlySleeps() {
        try (Harness h = new Harness().startedMachines(1)) {
            run(h, ctx -> {
                HeldLease l = HeldLease.acquire(ctx, "m01", Duration.ofSeconds(30));
                l.holdFor(Duration.ofSeconds(5));
                l.release();
            });
            assertThat(h.api.calls("refreshLease")).isEmpty();
            assertThat(h.api.calls("releaseLease").get(0).atNanos()).isEqualTo(5_100_000_000L);
        }
    }
}
