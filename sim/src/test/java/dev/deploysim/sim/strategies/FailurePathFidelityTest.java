package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.strategies.ScriptedMachinesApi.Call;
import dev.deploysim.strategies.flyctl.Steps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The failure paths of flyctl's rolling machinery, each pinned against the Go code of flyctl master
 * at #5108 (commit ad0172fac) with a trace worked out by hand from the lines named; issue 12.
 */
class FailurePathFidelityTest {

    private static final long MS = 1_000_000L;

    private static RuntimeException serverError() {
        return new MachinesApiException.Transient("update", 500);
    }

    /**
     * plan.go 353-390: updateProcessGroup's errgroup.WithContext; the first failure cancels gCtx and
     * every machine not yet started returns "skipping machine update due to earlier failure".
     * Hand trace, 3 started machines, a release that never passes its checks, default
     * max-unavailable 0.33 (warm pool ceil(3 x 0.33) = 1), deployRetries 1, wait-timeout 30 s:
     * m01 is updated, its health wait fails after 30 s, which is unrecoverable (plan.go 652-659),
     * so m02 and m03 are never updated and keep the old version; no push-forward.
     */
    @Test
    void recoveryPathStopsTheGroupAtTheFirstFailureAndLeavesTheRestOnTheOldVersion() {
        try (Harness h = new Harness().startedMachines(3)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 1, "waitTimeout", "30s"));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().unrecoverable()).isTrue();
            assertThat(h.api.calls("update", "m01")).hasSize(1);
            assertThat(h.api.calls("update", "m02")).isEmpty();
            assertThat(h.api.calls("update", "m03")).isEmpty();
            assertThat(h.api.existing().get(1).image()).isEqualTo(Harness.OLD_IMAGE);
            assertThat(h.api.existing().get(2).image()).isEqualTo(Harness.OLD_IMAGE);
            assertThat(h.steps(Steps.PUSH_FORWARD)).isEmpty();
            // one wait-timeout (plus the listen-address poll, 15 s), not ceil(3 / 1) of them
            assertThat(r.endNanos()).isLessThan(Duration.ofSeconds(60).toNanos());
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    /**
     * plan.go 353 and 403: a machine in flight when another fails runs on gCtx and is cancelled.
     * Hand trace, 2 started machines, max-unavailable 2 (pool 2), deployRetries 1: both updates
     * are sent together; m01's is accepted, m02's fails with a 500 (recoverable) in the same
     * instant, so gCtx is cancelled while m01 waits for its good state and m01's attempt fails then;
     * the push-forward (plan.go 293-343) re-reads the state, m01 is a no-op (its config is already the
     * release's, 830-832) whose checks run again, m02 is updated again: the deploy succeeds.
     */
    @Test
    void recoveryPathCancelsTheMachinesInFlightWhenOneFails() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.fail("update", "m02", 1, FailurePathFidelityTest::serverError);
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 1, "maxUnavailable", 2));
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("update", "m01")).hasSize(1);
            assertThat(h.api.calls("update", "m02")).hasSize(2);
            List<Harness.StepEvent> failed = h.steps(Steps.UPDATE_FAILED);
            assertThat(failed.stream().map(Harness.StepEvent::machineId)).containsExactlyInAnyOrder("m01", "m02");
            assertThat(failed.get(0).atNanos()).isEqualTo(failed.get(1).atNanos());
            assertThat(h.steps(Steps.PUSH_FORWARD)).hasSize(1);
            assertThat(h.api.existing()).allSatisfy(m -> assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE));
        }
    }

    /**
     * machines_deploymachinesapp.go 936-1033: the pool is cancel-on-error but a task only checks
     * poolCtx when it starts (994-1002) and updates and waits on eCtx, derived from parentCtx
     * (943, 989). Hand trace, 4 started machines, max-unavailable 2: m01 (spearhead) alone; then
     * m02 and m03 start together; m02's update fails at once; m03, in flight, finishes its update
     * and its waits ("update succeeded"); m04 takes m02's slot as soon as m02's task returns, sees
     * poolCtx done and is skipped ("update canceled") without an API call. The deploy fails with m02's error.
     */
    @Test
    void legacyRollingLetsMachinesInFlightFinishAndSkipsTheQueuedOnes() {
        try (Harness h = new Harness().startedMachines(4)) {
            h.api.fail("update", "m02", 1, FailurePathFidelityTest::serverError);
            Harness.Result r = h.run("rolling", Map.of("maxUnavailable", 2));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("status 500");
            assertThat(h.api.calls("update", "m03")).hasSize(1).allSatisfy(c -> assertThat(c.ok()).isTrue());
            assertThat(h.steps(Steps.UPDATE_SUCCEEDED).stream().map(Harness.StepEvent::machineId)).containsExactly("m01", "m03");
            assertThat(h.api.existing().get(2).image()).isEqualTo(Harness.NEW_IMAGE);
            assertThat(h.api.calls("update", "m04")).isEmpty();
            assertThat(h.steps(Steps.UPDATE_SKIPPED).stream().map(Harness.StepEvent::machineId)).containsExactly("m04");
            long m02Failed = h.steps(Steps.UPDATE_FAILED).get(0).atNanos();
            assertThat(h.steps(Steps.UPDATE_SKIPPED).get(0).atNanos()).isEqualTo(m02Failed);
            assertThat(h.steps(Steps.UPDATE_SUCCEEDED).get(1).atNanos()).isGreaterThan(m02Failed);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    /**
     * plan.go 369-375 and 840 (#4984): skip_launch is derived from originalMachine, the state read
     * before the deploy, on every push-forward attempt. Hand trace, 2 started machines,
     * deployRetries 1, pool 2, an update that starts a stopped machine unless skip_launch: m02's
     * first update fails with a 500 and m02 is then found stopped (it crashed); the push-forward
     * re-reads m02 as stopped but derives skip_launch from "started", so its update says
     * skip_launch=false, m02 boots on the new version and passes its checks; the deploy succeeds.
     */
    @Test
    void pushForwardDerivesSkipLaunchFromThePreDeployState() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.updateStartsUnlessSkipLaunch = true;
            h.api.fail("update", "m02", 1, () -> {
                h.api.stopNow("m02");
                return serverError();
            });
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 1, "maxUnavailable", 2));
            assertThat(r.error()).isNull();
            assertThat(h.steps(Steps.PUSH_FORWARD)).hasSize(1);
            List<Boolean> m02SkipLaunch = h.api.updateInputs().stream()
                    .filter(i -> i.id().orElseThrow().equals("m02")).map(i -> i.skipLaunch()).toList();
            assertThat(m02SkipLaunch).containsExactly(false);
            assertThat(h.api.state("m02")).isEqualTo(MachineState.STARTED);
            assertThat(h.api.existing().get(1).image()).isEqualTo(Harness.NEW_IMAGE);
        }
    }

    /**
     * plan.go 627 and machines_deploymachinesapp.go 1316-1478: on the recovery path the first
     * machine of a group to reach a good state polls GetProcesses until its service ports are bound,
     * before its smoke checks; the backoff is 500 ms x 1.5 up to 2 s (1397-1402, jitter not modelled),
     * once per group (1319). Hand trace with a 50 ms API latency and an app that binds 4 s after its
     * machine started: polls at t0, t0 + 0.55, + 0.80, + 1.175, + 1.7375 s (each the wait plus the
     * call's 50 ms), the fifth answering "bound"; m02 is never polled.
     */
    @Test
    void recoveryPathWaitsOncePerGroupForTheServicePortsBeforeTheSmokeChecks() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.listenDelay = Duration.ofSeconds(4);
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 1));
            assertThat(r.error()).isNull();
            List<Call> polls = h.api.calls("listening");
            assertThat(polls).allSatisfy(c -> assertThat(c.machineId()).isEqualTo("m01"));
            long[] gaps = new long[polls.size() - 1];
            for (int i = 1; i < polls.size(); i++) {
                gaps[i - 1] = polls.get(i).atNanos() - polls.get(i - 1).atNanos();
            }
            assertThat(gaps).startsWith(550 * MS, 800 * MS, 1175 * MS, 1737_500_000L);
            long lastPoll = polls.get(polls.size() - 1).atNanos();
            long smoke = h.steps(Steps.DO_SMOKE_CHECKS).stream().filter(e -> e.machineId().equals("m01"))
                    .findFirst().orElseThrow().atNanos();
            assertThat(smoke).isEqualTo(lastPoll);
        }
    }

    /**
     * machines_deploymachinesapp.go 1283-1314 and 1457-1459: an app that never binds its port is
     * polled until max(15 s, the largest grace period) has passed, then flyctl warns and goes on.
     * Hand trace, one machine whose check has a 20 s grace period, legacy path: health checks pass,
     * then the listen-address poll runs 20 s (first poll to the last), a warning, success.
     */
    @Test
    void anAppThatNeverBindsItsPortCostsTheLargestGracePeriodAndOnlyAWarning() {
        MachineConfig release = MachineConfig.web(Harness.NEW_IMAGE, "app").withChecks(List.of(
                new CheckDefinition("servicecheck-00-tcp-8080", "tcp", true, Duration.ofSeconds(20), Duration.ofSeconds(15),
                        Duration.ofSeconds(2))));
        try (Harness h = new Harness().releaseGroup("app", release).startedMachines(1)) {
            h.api.neverListens(Harness.NEW_IMAGE);
            h.api.checkDelay = Duration.ZERO;
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            List<Call> polls = h.api.calls("listening");
            long first = polls.get(0).atNanos() - 50 * MS; // the poll began one API latency earlier
            assertThat(polls.get(polls.size() - 1).atNanos() - first).isBetween(Duration.ofSeconds(20).toNanos(),
                    Duration.ofSeconds(20).toNanos() + 50 * MS);
            assertThat(h.steps(Steps.WARN)).anySatisfy(w -> assertThat(w.detail()).contains("not listening"));
            long done = h.steps(Steps.UPDATE_SUCCEEDED).get(0).atNanos();
            assertThat(done).isEqualTo(polls.get(polls.size() - 1).atNanos());
        }
    }

    /**
     * machines_deploymachinesapp.go 243 and 1319: on the legacy path the check runs after the
     * health checks pass, once per group: with service checks passing the app is listening, so one
     * poll for the whole group.
     */
    @Test
    void legacyRollingChecksTheListenAddressOnceAfterTheSpearheadIsHealthy() {
        try (Harness h = new Harness().startedMachines(3)) {
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("listening")).hasSize(1).allSatisfy(c -> assertThat(c.machineId()).isEqualTo("m01"));
            assertThat(h.indexOf("listening", "m01")).isLessThan(h.indexOf("update", "m02"));
        }
    }
}
