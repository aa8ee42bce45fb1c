package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.strategies.ScriptedMachinesApi.Call;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fly-go's client-side retries under flyctl's strategies (strategies.flyctl.FlapsClient): fly-go
 * v0.9.6 http.go 15-26 (rehttp: 3 retries on 502/503, any method) and flaps/flaps.go 193-230 (GETs
 * retried twice more on a connection reset), with each raw attempt a call of its own.
 */
class FlapsClientTest {

    private static long[] gaps(List<Call> calls) {
        long[] out = new long[calls.size() - 1];
        for (int i = 1; i < calls.size(); i++) {
            out[i - 1] = calls.get(i).atNanos() - calls.get(i - 1).atNanos();
        }
        return out;
    }

    /**
     * Hand trace: the update of the only machine answers 503 three times, then succeeds. rehttp
     * retries after 50, 100, 200 ms (the means of its draws from [0, 100 ms), [0, 200 ms), [0, 400 ms)),
     * each retry's call taking the scripted 50 ms: four calls 100, 150, 250 ms apart; the deploy succeeds.
     */
    @Test
    void a503IsRetriedThreeTimesByTheTransportWithTheMeansOfItsJitteredDelays() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("update", "m01", 3, () -> new MachinesApiException.Transient("update", 503));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            List<Call> updates = h.api.calls("update", "m01");
            assertThat(updates).hasSize(4);
            assertThat(gaps(updates)).containsExactly(100_000_000L, 150_000_000L, 250_000_000L);
        }
    }

    /** RetryMaxRetries(3): a fourth 503 reaches flyctl's code, which fails the legacy rolling deploy. */
    @Test
    void aFourth503ReachesFlyctl() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("update", "m01", 4, () -> new MachinesApiException.Transient("update", 503));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("status 503");
            assertThat(h.api.calls("update", "m01")).hasSize(4);
        }
    }

    /** RetryStatuses(502, 503) only: a 500 or a 429 reaches flyctl at once. */
    @Test
    void otherTransientStatusesAreNotRetriedByTheTransport() {
        for (int status : new int[] {500, 429, 408}) {
            try (Harness h = new Harness().startedMachines(1)) {
                h.api.fail("update", "m01", 1, () -> new MachinesApiException.Transient("update", status));
                Harness.Result r = h.run("rolling");
                assertThat(r.error()).as("status " + status).isNotNull();
                assertThat(h.api.calls("update", "m01")).hasSize(1);
            }
        }
    }

    /**
     * flaps.go 193-230: a connection reset (the model's status 0) on a GET is sent again after 100
     * then 150 ms, at most twice; the first list of the deploy succeeds on its third call.
     */
    @Test
    void aConnectionResetOnAGetIsRetriedTwiceByFlaps() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("list", null, 2, () -> new MachinesApiException.Transient("list", 0));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            List<Call> lists = h.api.calls("list").subList(0, 3);
            assertThat(lists.get(2).ok()).isTrue();
            assertThat(gaps(lists)).containsExactly(150_000_000L, 200_000_000L);
        }
    }

    /** flaps.go 147 and 205-207: only GETs are retried on a reset; a mutation's reset reaches flyctl. */
    @Test
    void aConnectionResetOnAMutationIsNotRetried() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("update", "m01", 1, () -> new MachinesApiException.Transient("update", 0));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNotNull();
            assertThat(h.api.calls("update", "m01")).hasSize(1);
        }
    }
}
