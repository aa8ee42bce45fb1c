package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.strategies.ScriptedMachinesApi.Call;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * flyctl's bluegreen strategy (spec 4.4): its TestDeploy cases, the retry tests, the checkpoint
 * and force-start tests, the rollback rules and the step order of section 7.
 */
class BlueGreenStrategyTest {

    /**
     * A transient error (flapsutil.IsTransientFlapsError: 5xx) that fly-go's transport does not retry
     * (rehttp retries 502 and 503 only, fly-go http.go 18-23), so bluegreen's own loops see each one.
     */
    private static RuntimeException transientError(String op) {
        return new MachinesApiException.Transient(op, 500);
    }

    private static List<String> greens(Harness h) {
        return h.api.calls("launch").stream().filter(Call::ok).map(Call::machineId).distinct().toList();
    }

    /** Section 7: every green uncordoned before any blue cordoned; each blue cordoned < stopped < destroyed. */
    private static void assertBlueGreenOrder(Harness h, List<String> blues) {
        int lastUncordon = h.lastIndexOf("uncordon", null);
        int firstCordon = h.indexOf("cordon", null);
        assertThat(lastUncordon).isNotNegative().isLessThan(firstCordon);
        for (String b : blues) {
            assertThat(h.indexOf("cordon", b)).isLessThan(h.indexOf("stop", b));
            assertThat(h.indexOf("stop", b)).isLessThan(h.indexOf("destroy", b));
        }
    }

    @Test
    void oneMachineIsReplacedByAGreenThatServesBeforeTheBlueIsCordoned() {
        try (Harness h = new Harness().startedMachines(1)) {
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            List<String> greens = greens(h);
            assertThat(greens).hasSize(1);
            assertThat(h.api.launchInput(greens.get(0)).skipServiceRegistration()).isTrue();
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly(greens.get(0));
            assertThat(h.api.cordoned(greens.get(0))).isFalse();
            assertBlueGreenOrder(h, List.of("m01"));
            // the two 10 s waits: cordon >= 10 s after the last uncordon, stop >= 10 s after the cordon
            long uncordoned = h.api.calls("uncordon").get(0).atNanos();
            long cordoned = h.api.calls("cordon", "m01").get(0).atNanos();
            long stopped = h.api.calls("stop", "m01").get(0).atNanos();
            assertThat(cordoned - uncordoned).isGreaterThanOrEqualTo(10_000_000_000L);
            assertThat(stopped - cordoned).isGreaterThanOrEqualTo(10_000_000_000L);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
            assertThat(h.api.violations()).isEmpty();
        }
    }

    @Test
    void tenMachinesAreReplacedByTenGreens() {
        try (Harness h = new Harness().startedMachines(10)) {
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            List<String> greens = greens(h);
            assertThat(greens).hasSize(10);
            assertThat(h.api.existing()).hasSize(10).allSatisfy(m -> {
                assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE);
                assertThat(m.cordoned()).isFalse();
            });
            List<String> blues = List.of("m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10");
            assertBlueGreenOrder(h, blues);
            // creation concurrency max(1, min(ceil(10/3), 8)) = 4: the first four launches go together
            long first = h.api.calls("launch").get(0).atNanos();
            assertThat(h.api.calls("launch").stream().filter(c -> c.atNanos() == first)).hasSize(4);
            // every launch carries its own idempotency tag
            assertThat(greens.stream().map(g -> h.api.launchInput(g).config().metadata().get("fly_flyctl_bluegreen_launch_id"))
                    .distinct()).hasSize(10);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void multipleImageVersionsAmongBluesRefuseTheDeployBeforeAnyLaunch() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.machine("m02", MachineState.STARTED, Harness.web("registry.fly.io/app:v0", "app"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).isEqualTo("found multiple image versions");
            assertThat(h.api.calls("launch")).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void brokenLaunchFailsWithFailedToCreateGreenMachinesAndRollsBackTheGreensCreated() {
        try (Harness h = new Harness().startedMachines(3)) {
            // the first launch succeeds, the next ones are refused (not transient: no retry)
            h.api.failLaunchesAfter(1, () -> new MachinesApiException.CapacityExhausted("iad"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("failed to create green machines");
            assertThat(r.error().rolledBack()).isTrue();
            List<String> greens = greens(h);
            assertThat(greens).hasSize(1);
            assertThat(h.api.exists(greens.get(0))).isFalse();
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly("m01", "m02", "m03");
            assertThat(h.api.calls("cordon")).isEmpty();
            assertThat(h.api.calls("stop")).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void aLaunchThatSucceededSilentlyIsFoundByItsLaunchIdAndNotDuplicated() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.launchSucceedsSilently(1);
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("launch")).hasSize(1);
            assertThat(h.api.existing()).hasSize(1);
        }
    }

    @Test
    void transientLaunchErrorsAreRetriedThreeTimesAtMost() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.failAlways("launch", null, () -> transientError("launch"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("failed to create green machines");
            assertThat(h.api.calls("launch")).hasSize(3);
        }
    }

    @Test
    void checkpointTaggingThatAlwaysFailsStillLetsTheDeploySucceedAndDestroyTheBlues() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.failAlways("setMetadata", null, () -> transientError("setMetadata"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("setMetadata", "m01")).hasSize(5);
            assertThat(h.api.exists("m01")).isFalse();
            assertThat(h.api.exists("m02")).isFalse();
        }
    }

    @Test
    void oneGreenPerCheckedGroupIsForceStartedWhenEveryBlueIsStopped() {
        try (Harness h = new Harness()) {
            for (String id : List.of("m01", "m02", "m03")) {
                h.api.machine(id, MachineState.STOPPED, Harness.web(Harness.OLD_IMAGE, "app"));
            }
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            List<String> greens = greens(h);
            assertThat(greens).hasSize(3);
            long forced = greens.stream().filter(g -> !h.api.launchInput(g).skipLaunch()).count();
            assertThat(forced).isEqualTo(1);
            String representative = greens.stream().filter(g -> !h.api.launchInput(g).skipLaunch()).findFirst().orElseThrow();
            assertThat(h.api.state(representative)).isEqualTo(MachineState.STARTED);
            assertThat(greens).filteredOn(g -> !g.equals(representative))
                    .allSatisfy(g -> assertThat(h.api.state(g)).isEqualTo(MachineState.CREATED));
        }
    }

    @Test
    void exhaustedUncordonRetriesAreFatalAndRollTheGreensBack() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.failAlways("uncordon", null, () -> transientError("uncordon"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("failed to mark green machines as ready");
            assertThat(r.error().rolledBack()).isTrue();
            for (String g : greens(h)) {
                assertThat(h.api.calls("uncordon", g)).hasSize(5);
                assertThat(h.api.exists(g)).isFalse();
            }
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly("m01", "m02");
            assertThat(h.api.calls("cordon")).isEmpty();
        }
    }

    /**
     * strategy_bluegreen.go 640-653 (#5108): the uncordon retry has no RetryIf, so a non-transient
     * error is retried too, 5 attempts, and retry-go (no LastErrorOnly) returns every attempt's error.
     */
    @Test
    void everyUncordonErrorIsRetriedEvenANonTransientOne() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.failAlways("uncordon", null, () -> new MachinesApiException.InvalidState("x", MachineState.CREATED, "uncordon"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(h.api.calls("uncordon")).hasSize(5);
            assertThat(r.error().getMessage()).contains("All attempts fail:\n#1: machine x: cannot uncordon while created")
                    .contains("\n#5: machine x: cannot uncordon while created");
            assertThat(r.error().rolledBack()).isTrue();
        }
    }

    /**
     * strategy_bluegreen.go 689-702 and 744-757 (#5108): cordon and stop of a blue are retried 5
     * times on transient errors (500 ms, 1 s, 2 s, 4 s between them), then only warned about.
     */
    @Test
    void cordonAndStopOfBluesAreRetriedFiveTimesOnTransientErrorsThenOnlyWarned() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.failAlways("cordon", "m01", () -> transientError("cordon"));
            h.api.fail("stop", "m01", 2, () -> transientError("stop"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            List<Call> cordons = h.api.calls("cordon", "m01");
            assertThat(cordons).hasSize(5);
            long[] gaps = new long[4];
            for (int i = 1; i < 5; i++) {
                gaps[i - 1] = cordons.get(i).atNanos() - cordons.get(i - 1).atNanos();
            }
            // each gap is the backoff plus the next call's 50 ms latency
            assertThat(gaps).containsExactly(550_000_000L, 1_050_000_000L, 2_050_000_000L, 4_050_000_000L);
            assertThat(h.steps).anySatisfy(e -> assertThat(e.detail()).contains("Failed to cordon machine m01 after 5 attempts"));
            assertThat(h.api.calls("stop", "m01")).hasSize(3);
            assertThat(h.api.calls("stop", "m01").get(2).ok()).isTrue();
            assertThat(h.api.exists("m01")).isFalse();
        }
    }

    /**
     * fly-go http.go 15-26 under bluegreen's uncordon loop: a 503 is retried by the transport up to
     * 3 times before the loop sees it, so 5 loop attempts make 5 x 4 = 20 calls.
     */
    @Test
    void aPersistent503IsRetriedByTheTransportUnderEachOfBluegreensAttempts() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.failAlways("uncordon", null, () -> new MachinesApiException.Transient("uncordon", 503));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(h.api.calls("uncordon")).hasSize(20);
        }
    }

    @Test
    void exhaustedTeardownRetriesAreNotFatalAndLeaveTheBlueListedForCleanup() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.failAlways("destroy", "m01", () -> transientError("destroy"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("destroy", "m01")).hasSize(5);
            assertThat(h.api.exists("m01")).isTrue();
            assertThat(h.api.exists("m02")).isFalse();
            assertThat(h.steps).anySatisfy(e -> assertThat(e.detail()).contains("Failed to destroy 1 machine(s)").contains("m01"));
        }
    }

    @Test
    void refusesToRunWithoutAConfiguredCheck() {
        try (Harness h = new Harness()) {
            h.releaseGroup("app", Harness.noChecks(Harness.NEW_IMAGE, "app"));
            h.api.machine("m01", MachineState.STARTED, Harness.noChecks(Harness.OLD_IMAGE, "app"));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("You need to define at least 1 check")
                    .contains("app not in valid state for bluegreen deployments");
            assertThat(h.api.calls("launch")).isEmpty();
        }
    }

    @Test
    void greensThatNeverPassTheirChecksAreDestroyedAndBluesKeepServing() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("bluegreen", Map.of("waitTimeout", "30s"));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("could not get all green machines to be healthy");
            assertThat(r.error().rolledBack()).isTrue();
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly("m01", "m02");
            assertThat(h.api.existing()).allSatisfy(m -> assertThat(m.cordoned()).isFalse());
            assertThat(h.api.calls("uncordon")).isEmpty();
        }
    }

    @Test
    void aFailureAfterTheUncordonKeepsTheGreens() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.failAlways("stop", "m01", () -> transientError("stop")); // stop only warns; the stop wait then times out
            Harness.Result r = h.run("bluegreen", Map.of("waitTimeout", "30s"));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("could not get all blue machines into stopped state");
            assertThat(r.error().rolledBack()).isFalse();
            String green = greens(h).get(0);
            assertThat(h.api.exists(green)).isTrue();
            assertThat(h.api.cordoned(green)).isFalse();
            assertThat(h.api.exists("m01")).isTrue();
            assertThat(h.api.cordoned("m01")).isTrue();
        }
    }

    @Test
    void aBlueOnAnUnknownHostIsSkippedByCordonAndStopAndItsNoncelessDestroyCollidesWithTheDeploysOwnLease() {
        // flyctl's bluegreen destroys non-ok blues "with no nonce" because it assumes no lease is held;
        // in the full flow the legacy path leased every blue up front (the platform granted it here),
        // so the platform refuses the destroy and the blue is left for manual cleanup.
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.hostStatus("m02", HostStatus.UNKNOWN);
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("cordon", "m02")).isEmpty();
            assertThat(h.api.calls("stop", "m02")).isEmpty();
            assertThat(h.api.calls("destroy", "m02")).hasSize(1);
            assertThat(h.api.calls("destroy", "m02").get(0).nonce()).isEmpty();
            assertThat(h.api.calls("destroy", "m02").get(0).outcome()).contains("lease currently held by flyctl");
            assertThat(h.api.exists("m02")).isTrue();
            assertThat(h.api.calls("destroy", "m01").get(0).nonce()).isNotEmpty();
            assertThat(h.api.exists("m01")).isFalse();
            assertThat(h.api.violations()).containsExactly("destroy m02 with nonce '' while we hold 'n2'");
        }
    }
}
