package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.strategies.surge.SurgeRollingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * surge-rolling's step log against the five steps its header specifies (SurgeRollingStrategy.java:
 * launch the replacement, wait until it has passed every check for routeWait, cordon the old machine
 * and drain it for drainWait, stop and destroy it; on a failure before step 5 the old machine is put
 * back and the replacement destroyed; cold machines updated in place, still stopped), on the
 * constant platform. Machines by role: old (the started machine), cold (the stopped one), new (the
 * replacement).
 */
class SurgeStepLogTest {

    private static List<String> lines(WorldRun run, Map<String, String> roles) {
        List<String> out = new ArrayList<>();
        for (Observation.StrategyStep s : run.steps()) {
            String detail = s.detail();
            String machine = s.machineId().isEmpty() ? "-" : s.machineId();
            for (Map.Entry<String, String> e : roles.entrySet()) {
                detail = detail.replace(e.getKey(), e.getValue());
                machine = machine.replace(e.getKey(), e.getValue());
            }
            out.add((s.step() + " " + machine + " " + detail).strip());
        }
        return out;
    }

    private static String replacement(WorldRun run) {
        return run.steps(SurgeRollingStrategy.REPLACEMENT_LAUNCHED).get(0).machineId();
    }

    @Test
    void aWarmMachineIsReplacedInTheFiveStepsAndAColdOneUpdatedInPlace() {
        try (WorldRun run = WorldRun.constant(WorldRun.app(1, 1, List.of(WorldRun.fastCheck()), true))
                .deploy(SurgeRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            Map<String, String> roles = Map.of(run.seeded.get(0), "old", run.seeded.get(1), "cold", replacement(run), "new");
            assertThat(lines(run, roles)).containsExactly(
                    "updateColdMachine cold stays stopped",
                    "launchReplacement old app: registry.fly.io/app:v2",
                    "replacementLaunched new app: replaces old",
                    "waitForReplacement new app: checks, then 20s",
                    "replacementReady new app: checks passing",
                    "replacementRouted new app: checks passing for 20s",
                    "cordonOld old app: replacement new routed",
                    "drainOld old app: 10s",
                    "stopOld old app:",
                    "destroyOld old app:",
                    "replaced old app: by new");
            long ready = run.steps(SurgeRollingStrategy.REPLACEMENT_READY).get(0).atNanos();
            long routed = run.steps(SurgeRollingStrategy.REPLACEMENT_ROUTED).get(0).atNanos();
            long drain = run.steps(SurgeRollingStrategy.DRAIN_OLD).get(0).atNanos();
            long stop = run.steps(SurgeRollingStrategy.STOP_OLD).get(0).atNanos();
            // routed only after routeWait (20 s) of passing checks, stopped only after drainWait (10 s)
            assertThat(routed - ready).isGreaterThanOrEqualTo(WorldRun.secs(20)).isLessThan(WorldRun.secs(21));
            assertThat(stop - drain).isGreaterThanOrEqualTo(WorldRun.secs(10)).isLessThan(WorldRun.secs(11));
        }
    }

    @Test
    void aReplacementThatNeverPassesIsDestroyedAtTheWaitTimeoutAndTheOldMachineIsNeverCordoned() {
        try (WorldRun run = WorldRun.constant(WorldRun.app(1, 0, List.of(WorldRun.fastCheck()), false))
                .deploy(SurgeRollingStrategy.NAME, Map.of("waitTimeout", "60s"))) {
            assertThat(run.ok()).isFalse();
            String err = "replacement new for old did not pass its checks for 20s within 60s";
            Map<String, String> roles = Map.of(run.seeded.get(0), "old", replacement(run), "new");
            assertThat(lines(run, roles)).containsExactly(
                    "launchReplacement old app: registry.fly.io/app:v2",
                    "replacementLaunched new app: replaces old",
                    "waitForReplacement new app: checks, then 20s",
                    "destroyReplacement new app: it never took over from old",
                    "deployFailed - " + err);
            long waiting = run.steps(SurgeRollingStrategy.WAIT_FOR_REPLACEMENT).get(0).atNanos();
            long destroyed = run.steps(SurgeRollingStrategy.DESTROY_REPLACEMENT).get(0).atNanos();
            assertThat(destroyed - waiting).isGreaterThanOrEqualTo(WorldRun.secs(60)).isLessThan(WorldRun.secs(61));
        }
    }

    @Test
    void aCancelDuringTheDrainUncordonsTheOldMachineThenDestroysTheReplacement() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(1)).cancelAt(Duration.ofSeconds(30))
                .deploy(SurgeRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).isFalse();
            Map<String, String> roles = Map.of(run.seeded.get(0), "old", replacement(run), "new");
            assertThat(lines(run, roles)).containsExactly(
                    "launchReplacement old app: registry.fly.io/app:v2",
                    "replacementLaunched new app: replaces old",
                    "waitForReplacement new app: checks, then 20s",
                    "replacementReady new app: checks passing",
                    "replacementRouted new app: checks passing for 20s",
                    "cordonOld old app: replacement new routed",
                    "drainOld old app: 10s",
                    "uncordonOld old app: deploy failed: replace old cancelled",
                    "destroyReplacement new app: it never took over from old",
                    "deployFailed - deploy cancelled");
            long uncordon = run.steps(SurgeRollingStrategy.UNCORDON_OLD).get(0).atNanos();
            assertThat(uncordon).isEqualTo(WorldRun.secs(30));
            // the replacement goes only after routeWait, so the proxy has learnt the old machine is back
            assertThat(run.steps(SurgeRollingStrategy.DESTROY_REPLACEMENT).get(0).atNanos() - uncordon)
                    .isGreaterThanOrEqualTo(WorldRun.secs(20));
        }
    }
}
