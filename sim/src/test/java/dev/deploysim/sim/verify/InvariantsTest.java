package dev.deploysim.sim.verify;

import static dev.deploysim.model.machines.MachineState.DESTROYING;
import static dev.deploysim.model.machines.MachineState.STARTED;
import static dev.deploysim.model.machines.MachineState.STARTING;
import static dev.deploysim.model.machines.MachineState.STOPPED;
import static dev.deploysim.sim.verify.RunLogs.ns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.Observation.LeaseChange;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.flyctl.Steps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every invariant fed a hand-built log that breaks it (so none can pass vacuously) and one that
 * keeps it, each with the violation's time and cause checked against the hand-worked log.
 */
class InvariantsTest {
    private static final ScenarioLoader LOADER = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));

    /** A scenario of {@code strategy} with options {@code options}, for an app of {@code groups}. */
    static Scenario scenario(String strategy, Map<String, Object> options, AppSpec.Group... groups) {
        AppSpec app = new AppSpec("app", RunLogs.OLD, RunLogs.NEW, "iad", List.of(groups));
        return LOADER.defaults().withApp(app).withStrategy(LOADER.catalog().resolve("strategy", strategy, new TreeMap<>(options)));
    }

    static AppSpec.Group group(String name, int started, int stopped) {
        return new AppSpec.Group(name, started, stopped, "iad", true, List.of(CheckDefinition.tcpService("c")),
                Duration.ofSeconds(5), true);
    }

    private static List<Violation> check(Checker checker, RunLogs logs, Scenario scenario) {
        return checker.check(logs.run(scenario));
    }

    @Test
    void theRegistryListsEveryInvariantOnceUnderItsConditionsName() {
        assertThat(Invariants.names()).containsExactly(Conditions.NEVER_ZERO_SERVING, Conditions.PROBES_ALL_OK,
                Conditions.MAX_UNAVAILABLE, Conditions.SURGE_BOUND, Conditions.CONVERGED, Conditions.CLEAN_ROLLBACK,
                Conditions.LIVENESS, Conditions.SUCCEEDS, Conditions.POOL_REACHED, Conditions.MAX_CONCURRENT,
                Conditions.REVERTED, Conditions.LEASE_DISCIPLINE, Conditions.ORDER);
        assertThat(Invariants.get(Conditions.ORDER)).isInstanceOf(OrderRules.class);
    }

    @Nested
    class NeverZeroServingChecks {
        private final Scenario s = scenario("rolling", Map.of(), group("app", 2, 0));

        @Test
        void aMachineThatIsDownWhileAnotherServesKeepsIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).seeded("b", "app", true)
                    .at(5).deployStarted("rolling")
                    .at(6).updating("a").at(7).proxy("a", false)
                    .at(10).state("a", STARTED).ready("a", true).at(11).proxy("a", true)
                    .at(12).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new NeverZeroServing(), l, s)).isEmpty();
        }

        @Test
        void theOnlyMachineDownUntilTheProxyRoutesToItAgainBreaksIt() {
            // serving needs both: the app answers (from 10 s) and the proxy routes to it (from 12 s)
            RunLogs l = new RunLogs().seeded("a", "app", true)
                    .at(5).deployStarted("rolling")
                    .at(6).updating("a").at(7).proxy("a", false)
                    .at(10).state("a", STARTED).ready("a", true).at(12).proxy("a", true)
                    .at(13).deployFinished(DeployOutcome.SUCCEEDED);
            List<Violation> v = check(new NeverZeroServing(), l, s);
            assertThat(v).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(6));
                assertThat(x.detail()).contains("from 6.000 s", "to 12.000 s", "6.000 s");
            });
        }

        @Test
        void aZeroWindowBeforeTheDeployIsNotItsConcern() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(1).ready("a", false).at(2).ready("a", true)
                    .at(5).deployStarted("rolling").at(6).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new NeverZeroServing(), l, s)).isEmpty();
        }
    }

    @Nested
    class ProbesAllOkChecks {
        private final Scenario s = scenario("rolling", Map.of(), group("app", 1, 0));

        @Test
        void probesAnsweredInTimeKeepIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true)
                    .at(1).probe(ProbeOutcome.FAILED, 0.5) // before the deploy: not its concern
                    .at(5).deployStarted("rolling").at(6).probe(ProbeOutcome.OK, 0.02).at(7).probe(ProbeOutcome.OK, 0.03)
                    .at(8).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new ProbesAllOk(), l, s)).isEmpty();
        }

        @Test
        void aSlowAndAFailedProbeBreakItAtTheFirstOnesSendTime() {
            RunLogs l = new RunLogs().seeded("a", "app", true)
                    .at(5).deployStarted("rolling").at(6).probe(ProbeOutcome.OK, 0.02)
                    .at(8).probe(ProbeOutcome.SLOW, 1.5).at(13).probe(ProbeOutcome.FAILED, 6)
                    .at(14).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new ProbesAllOk(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(6.5));
                assertThat(x.detail()).contains("6.500 s", "was slow", "2 of 3", "1 failed, 1 slow");
            });
        }
    }

    @Nested
    class MaxUnavailableChecks {
        // three warm machines, max-unavailable 0.33: a pool of ceil(3 * 0.33) = 1
        private final Scenario s = scenario("rolling", Map.of(), group("app", 3, 0));

        private RunLogs three() {
            return new RunLogs().seeded("a", "app", true).seeded("b", "app", true).seeded("c", "app", true)
                    .at(5).deployStarted("rolling");
        }

        @Test
        void oneMachineAtATimeKeepsIt() {
            RunLogs l = three().at(6).updating("a").at(10).state("a", STARTED).at(11).updating("b").at(15).state("b", STARTED)
                    .at(16).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxUnavailable(name -> java.util.Optional.of(Strategies.get(name))), l, s)).isEmpty();
        }

        @Test
        void twoMachinesDownAtOnceBreakItAndTheProxyCountIsReportedBeside() {
            // the proxy still routes to both while they are down: on state they are 2 down, the proxy
            // cannot use them either (they do not answer)
            RunLogs l = three().at(6).updating("a").updating("b").at(7).proxy("a", false)
                    .at(10).state("a", STARTED).state("b", STARTED).at(11).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxUnavailable(name -> java.util.Optional.of(Strategies.get(name))), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(6));
                assertThat(x.detail()).contains("2 of 3 warm machines not started", "pool size 1", "could not use 2");
            });
        }

        @Test
        void aStrategysDeclaredBoundReplacesFlyctlsPoolRule() {
            // the same two-at-once roll is within "warm - 1" = 2
            dev.deploysim.model.deploy.Strategy declaring = new GuaranteesTest.Declaring(List.of(new dev.deploysim.model.deploy.Guarantee(
                    Conditions.MAX_UNAVAILABLE, List.of(dev.deploysim.model.deploy.Guarantee.when(
                            Conditions.MAX_UNAVAILABLE_PER_GROUP, Conditions.IS, "warm - 1")), "test")));
            RunLogs l = three().at(6).updating("a").updating("b").at(10).state("a", STARTED).state("b", STARTED)
                    .at(11).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxUnavailable(name -> java.util.Optional.of(declaring)), l, s)).isEmpty();
            RunLogs three = three().at(6).updating("a").updating("b").updating("c").at(10).state("a", STARTED)
                    .state("b", STARTED).state("c", STARTED).at(11).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxUnavailable(name -> java.util.Optional.of(declaring)), three, s)).singleElement()
                    .satisfies(x -> assertThat(x.detail()).contains("3 of 3", "pool size 2", "the declared warm - 1"));
        }

        @Test
        void aStartedCanaryCountsAsAvailableAsASurgePodDoes() {
            RunLogs l = three().at(5.5).launchedByDeploy("k", "app", STARTED, false, Map.of())
                    .at(6).updating("a").updating("b").at(10).state("a", STARTED).state("b", STARTED)
                    .at(11).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxUnavailable(name -> java.util.Optional.of(Strategies.get(name))), l, s)).isEmpty();
        }
    }

    @Nested
    class SurgeBoundChecks {
        // canary-serving declares machines + 1: 2 machines before the deploy, so 3 at most
        private final Scenario s = scenario("canary-serving", Map.of(), group("app", 2, 0));

        private RunLogs two() {
            return new RunLogs().seeded("a", "app", true).seeded("b", "app", true).at(5).deployStarted("canary-serving");
        }

        @Test
        void oneCanaryOnTopKeepsItAndAMachineBeingDestroyedNoLongerCounts() {
            RunLogs l = two().at(6).launchedByDeploy("k", "app", STARTED, false, Map.of())
                    .at(7).state("a", DESTROYING).at(7.5).launchedByDeploy("a2", "app", STARTED, false, Map.of())
                    .at(8).destroyed("a").at(20).state("k", DESTROYING).at(21).destroyed("k")
                    .at(22).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new SurgeBound(name -> java.util.Optional.of(Strategies.get(name))), l, s)).isEmpty();
        }

        @Test
        void aMachineTheDeployHasBegunToStopNoLongerCountsAsATerminatingPodDoesNot() {
            // Nomad's destructive update: stop the old allocation, place the new one while the old one stops
            RunLogs l = two().at(6).launchedByDeploy("k", "app", STARTED, false, Map.of())
                    .at(7).state("a", dev.deploysim.model.machines.MachineState.STOPPING).call("stop", "a", RunLogs.FLYCTL)
                    .at(7.5).launchedByDeploy("a2", "app", STARTED, false, Map.of())
                    .at(22).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new SurgeBound(name -> java.util.Optional.of(Strategies.get(name))), l, s)).isEmpty();
            // without the stop, the same launch is one machine too many
            RunLogs over = two().at(6).launchedByDeploy("k", "app", STARTED, false, Map.of())
                    .at(7.5).launchedByDeploy("a2", "app", STARTED, false, Map.of())
                    .at(22).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new SurgeBound(name -> java.util.Optional.of(Strategies.get(name))), over, s)).hasSize(1);
        }

        @Test
        void twoCanariesOnTopBreakIt() {
            RunLogs l = two().at(6).launchedByDeploy("k1", "app", STARTED, false, Map.of())
                    .at(7).launchedByDeploy("k2", "app", STARTED, false, Map.of())
                    .at(8).launchedByDeploy("k3", "app", STARTED, false, Map.of())
                    .at(22).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new SurgeBound(name -> java.util.Optional.of(Strategies.get(name))), l, s))
                    .singleElement().satisfies(x -> {
                        assertThat(x.atNanos()).isEqualTo(ns(7));
                        assertThat(x.detail()).contains("4 machines", "machines + 1 = 3", "peak 5");
                    });
        }
    }

    @Nested
    class PoolReachedChecks {
        // four warm machines, max-unavailable 0.33: a pool of ceil(4 * 0.33) = 2, so 2 of the 3 after the spearhead at once
        private final Scenario s = scenario("rolling", Map.of(), group("app", 4, 0));

        private RunLogs spearheadDone() {
            return new RunLogs().seeded("a", "app", true).seeded("b", "app", true).seeded("c", "app", true)
                    .seeded("d", "app", true).at(5).deployStarted("rolling").step(Steps.UPDATE_ENTRIES_GROUP, null)
                    .step(Steps.UPDATE_MACHINE, "a").at(20).step(Steps.UPDATE_SUCCEEDED, "a");
        }

        @Test
        void aPoolThatStartsTwoAtOnceKeepsIt() {
            RunLogs l = spearheadDone().step(Steps.UPDATE_MACHINE, "b").step(Steps.UPDATE_MACHINE, "c")
                    .at(30).step(Steps.UPDATE_SUCCEEDED, "b").step(Steps.UPDATE_MACHINE, "d").at(31)
                    .step(Steps.UPDATE_SUCCEEDED, "c").at(40).step(Steps.UPDATE_SUCCEEDED, "d")
                    .at(41).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new PoolReached(), l, s)).isEmpty();
        }

        @Test
        void oneAtATimeAfterTheSpearheadBreaksItAtTheDeploysEnd() {
            // what a pool floored instead of ceiled does: floor(4 * 0.33) = 1
            RunLogs l = spearheadDone().step(Steps.UPDATE_MACHINE, "b").at(30).step(Steps.UPDATE_SUCCEEDED, "b")
                    .step(Steps.UPDATE_MACHINE, "c").at(40).step(Steps.UPDATE_SUCCEEDED, "c")
                    .step(Steps.UPDATE_MACHINE, "d").at(50).step(Steps.UPDATE_SUCCEEDED, "d")
                    .at(51).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new PoolReached(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(51));
                assertThat(x.detail()).contains("group app had at most 1 of its 4 warm machines", "pool of 2", "allows 2");
            });
        }

        @Test
        void aFailedDeployIsNotJudged() {
            RunLogs l = spearheadDone().step(Steps.UPDATE_MACHINE, "b").at(30).step(Steps.UPDATE_FAILED, "b")
                    .at(31).deployFinished(DeployOutcome.FAILED);
            assertThat(check(new PoolReached(), l, s)).isEmpty();
        }
    }

    @Nested
    class MaxConcurrentChecks {
        // three machines, maxConcurrent 2: two updates at once, never three
        private final Scenario s = scenario("immediate", Map.of("maxConcurrent", 2), group("app", 3, 0));

        private RunLogs three() {
            return new RunLogs().seeded("a", "app", true).seeded("b", "app", true).seeded("c", "app", true)
                    .at(5).deployStarted("immediate").step(Steps.UPDATE_USING_IMMEDIATE_STRATEGY, null);
        }

        @Test
        void twoAtOnceThenTheThirdKeepsIt() {
            RunLogs l = three().step(Steps.UPDATE_MACHINE, "a").step(Steps.UPDATE_MACHINE, "b").at(6)
                    .step(Steps.UPDATE_SUCCEEDED, "a").step(Steps.UPDATE_MACHINE, "c").at(7).step(Steps.UPDATE_SUCCEEDED, "b")
                    .step(Steps.UPDATE_SUCCEEDED, "c").at(8).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxConcurrent(), l, s)).isEmpty();
        }

        @Test
        void threeAtOnceBreakItWhenTheThirdBegins() {
            RunLogs l = three().step(Steps.UPDATE_MACHINE, "a").step(Steps.UPDATE_MACHINE, "b").at(5.5)
                    .step(Steps.UPDATE_MACHINE, "c").at(6).step(Steps.UPDATE_SUCCEEDED, "a").step(Steps.UPDATE_SUCCEEDED, "b")
                    .step(Steps.UPDATE_SUCCEEDED, "c").at(8).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxConcurrent(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(5.5));
                assertThat(x.detail()).contains("3 updates in flight at once at 5.500 s", "maxConcurrent 2");
            });
        }

        @Test
        void oneAtATimeInASucceededDeployBreaksIt() {
            RunLogs l = three().step(Steps.UPDATE_MACHINE, "a").at(6).step(Steps.UPDATE_SUCCEEDED, "a")
                    .step(Steps.UPDATE_MACHINE, "b").at(7).step(Steps.UPDATE_SUCCEEDED, "b")
                    .step(Steps.UPDATE_MACHINE, "c").at(8).step(Steps.UPDATE_SUCCEEDED, "c").at(9)
                    .deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new MaxConcurrent(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(9));
                assertThat(x.detail()).contains("at most 1 updates in flight", "start 2 together");
            });
        }
    }

    @Nested
    class RevertedChecks {
        private final Scenario s = scenario("nomad", Map.of("autoRevert", true), group("app", 2, 0));

        @Test
        void aFailedDeployWhoseNewAllocationIsReplacedByAnOldOneKeepsIt() {
            // a2 (v2) placed for a, which is stopped; the deployment fails, the revert places a3 (v1) and stops a2
            RunLogs l = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).at(5).deployStarted("nomad")
                    .at(6).state("a", DESTROYING).destroyed("a").launchedByDeploy("a2", "app", STARTED, false, Map.of())
                    .at(100).launched("a3", RunLogs.FLYCTL, "app", RunLogs.OLD, STARTED, Map.of())
                    .at(101).state("a2", DESTROYING).destroyed("a2").at(102).deployFinished(DeployOutcome.ROLLED_BACK);
            assertThat(check(new Reverted(), l, s)).isEmpty();
        }

        @Test
        void aFailedDeployThatLeavesTheNewAllocationBreaksIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).at(5).deployStarted("nomad")
                    .at(6).state("a", DESTROYING).destroyed("a").launchedByDeploy("a2", "app", STARTED, false, Map.of())
                    .at(100).deployFinished(DeployOutcome.FAILED);
            assertThat(check(new Reverted(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(100));
                assertThat(x.detail()).contains("ended failed", "group app has 1 started machines on " + RunLogs.NEW);
            });
        }

        @Test
        void aSucceededDeployIsNotJudgedAndAMissingAllocationIsCounted() {
            RunLogs ok = new RunLogs().seeded("a", "app", true).at(5).deployStarted("nomad").at(6).updating("a")
                    .at(7).state("a", STARTED).at(8).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new Reverted(), ok, s)).isEmpty();
            RunLogs fewer = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).at(5).deployStarted("nomad")
                    .at(6).state("a", DESTROYING).destroyed("a").at(8).deployFinished(DeployOutcome.ROLLED_BACK);
            assertThat(check(new Reverted(), fewer, s)).singleElement().satisfies(x ->
                    assertThat(x.detail()).contains("has 1 started machines, 2 before the deploy"));
        }
    }

    @Nested
    class ConvergedChecks {
        // two started machines and one stopped
        private final Scenario s = scenario("rolling", Map.of(), group("app", 2, 1));

        private RunLogs updatedAll() {
            return new RunLogs().seeded("a", "app", true).seeded("b", "app", true).seeded("c", "app", false)
                    .at(5).deployStarted("rolling")
                    .at(6).updating("a").at(8).state("a", STARTED)
                    .at(9).updating("b").at(11).state("b", STARTED)
                    .at(12).updating("c").state("c", STOPPED);
        }

        @Test
        void everyMachineOnTheReleaseStartedOrStoppedAsBeforeKeepsIt() {
            assertThat(check(new Converged(), updatedAll().at(13).deployFinished(DeployOutcome.SUCCEEDED), s)).isEmpty();
        }

        @Test
        void aMachineLeftOnTheOldImageBreaksIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).seeded("c", "app", false)
                    .at(5).deployStarted("rolling").at(6).updating("a").at(8).state("a", STARTED)
                    .at(13).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new Converged(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(13));
                assertThat(x.detail()).contains("machine b runs " + RunLogs.OLD, "and 1 more");
            });
        }

        @Test
        void aLeftoverCanaryACordonedMachineAndAStartedStoppedOneBreakIt() {
            RunLogs l = updatedAll().at(12.5).launchedByDeploy("k", "app", STARTED, false, Map.of("fly_canary", "true"))
                    .cordoned("a", true).state("c", STARTING).state("c", STARTED)
                    .at(13).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new Converged(), l, s)).singleElement().satisfies(x -> assertThat(x.detail())
                    .contains("group app has 4 machines, 3 before", "started machines", "left cordoned"));
        }

        @Test
        void aFailedDeployPromisesNothingHere() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("rolling")
                    .at(6).deployFinished(DeployOutcome.FAILED);
            assertThat(check(new Converged(), l, s)).isEmpty();
        }
    }

    @Nested
    class CleanRollbackChecks {
        private final Scenario s = scenario("bluegreen", Map.of(), group("app", 1, 0));

        private RunLogs greenThenRollback() {
            return new RunLogs().seeded("blue", "app", true).at(5).deployStarted("bluegreen")
                    .at(6).launchedByDeploy("green", "app", STARTING, true, Map.of())
                    .at(30).state("green", DESTROYING).at(31).destroyed("green");
        }

        @Test
        void greensGoneAndBluesServingKeepIt() {
            assertThat(check(new CleanRollback(), greenThenRollback().at(32).deployFinished(DeployOutcome.ROLLED_BACK), s))
                    .isEmpty();
        }

        @Test
        void aGreenLeftBehindBreaksIt() {
            RunLogs l = new RunLogs().seeded("blue", "app", true).at(5).deployStarted("bluegreen")
                    .at(6).launchedByDeploy("green", "app", STARTED, true, Map.of())
                    .at(32).deployFinished(DeployOutcome.ROLLED_BACK);
            assertThat(check(new CleanRollback(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(32));
                assertThat(x.detail()).contains("machine green the deploy launched at 6.000 s is left started");
            });
        }

        @Test
        void aBlueThatNoLongerServesBreaksIt() {
            RunLogs l = greenThenRollback().at(31.5).cordoned("blue", true).proxy("blue", false)
                    .at(32).deployFinished(DeployOutcome.ROLLED_BACK);
            assertThat(check(new CleanRollback(), l, s)).singleElement()
                    .satisfies(x -> assertThat(x.detail()).contains("old machine blue is left cordoned"));
        }
    }

    @Nested
    class SucceedsChecks {
        // waitTimeout 1 s: the liveness bound is 132 s (LivenessChecks)
        private final Scenario s = scenario("rolling", Map.of("waitTimeout", "1s"), group("app", 1, 0));

        @Test
        void aDeployThatSucceedsWithinTheBoundKeepsIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("rolling")
                    .at(60).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new Succeeds(), l, s)).isEmpty();
        }

        @Test
        void aDeployThatGivesUpBreaksItAtItsEndEvenWhenEverythingElseHolds() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("rolling")
                    .at(5.6).deployFinished(DeployOutcome.FAILED);
            assertThat(check(new Succeeds(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(Math.round(5.6e9));
                assertThat(x.detail()).startsWith("the deploy ended failed at 5.600 s");
            });
            assertThat(check(new Liveness(), l, s)).isEmpty();
        }

        @Test
        void aSuccessBeyondTheBoundBreaksIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("rolling")
                    .at(138).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new Succeeds(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(137));
                assertThat(x.detail()).contains("133.000 s after it started, beyond its bound of 132.000 s");
            });
        }
    }

    @Nested
    class LivenessChecks {
        // waitTimeout 1 s: the bound is (0 + 1) * (1 machine + 1 group + 2) * (3 * 1 s + 30 s) = 132 s
        private final Scenario s = scenario("rolling", Map.of("waitTimeout", "1s"), group("app", 1, 0));

        @Test
        void theBoundIsDerivedFromTheTimeoutsAndTheApp() {
            assertThat(Liveness.boundNanos(s)).isEqualTo(ns(132));
        }

        @Test
        void aDeployEndingWithinTheBoundAfterTheLastFaultHealedKeepsIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("rolling")
                    .at(10).fault("api-errors", "api").at(100).healed("api-errors", "api")
                    .at(200).deployFinished(DeployOutcome.FAILED);
            assertThat(check(new Liveness(), l, s)).isEmpty();
        }

        @Test
        void aDeployEndingBeyondTheBoundBreaksIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("rolling")
                    .at(10).fault("crash", "a").at(143).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new Liveness(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(142));
                assertThat(x.detail()).contains("133.000 s after the faults healed at 10.000 s", "bound of 132.000 s");
            });
        }

        @Test
        void aDeployThatNeverEndsBreaksIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("rolling").at(3600).ready("a", true);
            assertThat(check(new Liveness(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(3600));
                assertThat(x.detail()).contains("had not ended");
            });
        }
    }

    @Nested
    class LeaseDisciplineChecks {
        private final Scenario s = scenario("bluegreen", Map.of(), group("app", 1, 0));

        @Test
        void mutationsUnderTheLeaseALeaselessGreenAndAForcedDestroyOnAnUnreachableHostKeepIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).at(5).deployStarted("bluegreen")
                    .at(5.2).lease("a", LeaseChange.ACQUIRED, RunLogs.FLYCTL).call("acquireLease", "a", "")
                    .at(6).launchedByDeploy("g", "app", STARTED, true, Map.of()).at(7).call("uncordon", "g", "")
                    .at(8).call("cordon", "a", RunLogs.FLYCTL)
                    .at(9).fault("host-unreachable", "b").at(10).call("destroy", "b", "")
                    .at(11).lease("a", LeaseChange.RELEASED, RunLogs.FLYCTL).at(12).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new LeaseDiscipline(), l, s)).isEmpty();
        }

        @Test
        void aLeaseOnAMachineTheDeployDestroyedGoesWithTheMachineEvenAfterTheDeployEnded() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("k8s-rolling")
                    .at(5.2).lease("a", LeaseChange.ACQUIRED, RunLogs.FLYCTL)
                    .at(9).state("a", DESTROYING).call("destroy", "a", RunLogs.FLYCTL)
                    .at(9.1).deployFinished(DeployOutcome.SUCCEEDED)
                    .at(9.6).lease("a", LeaseChange.DROPPED, RunLogs.FLYCTL).destroyed("a");
            assertThat(check(new LeaseDiscipline(), l, s)).isEmpty();
        }

        @Test
        void anOldMachineMutatedWithoutTheLeaseBreaksIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).at(5).deployStarted("bluegreen")
                    .at(8).call("stop", "a", "").at(12).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new LeaseDiscipline(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(7.9));
                assertThat(x.detail()).contains("stop of a", "nobody held it");
            });
        }

        @Test
        void aLapsedLeaseAndOneStillHeldAtTheEndBreakIt() {
            RunLogs l = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).at(5).deployStarted("bluegreen")
                    .at(5.2).lease("a", LeaseChange.ACQUIRED, RunLogs.FLYCTL).lease("b", LeaseChange.ACQUIRED, RunLogs.FLYCTL)
                    .at(18.2).lease("a", LeaseChange.EXPIRED, RunLogs.FLYCTL)
                    .at(20).deployFinished(DeployOutcome.FAILED);
            assertThat(check(new LeaseDiscipline(), l, s)).satisfiesExactly(
                    x -> assertThat(x.detail()).contains("lease on a", "expired at 18.200 s"),
                    x -> assertThat(x.detail()).contains("lease on b", "still held when the deploy ended at 20.000 s"));
        }
    }

    @Nested
    class OrderChecks {
        private final Scenario s = scenario("bluegreen", Map.of(), group("app", 1, 0));

        private RunLogs greens() {
            return new RunLogs().seeded("blue", "app", true).at(5).deployStarted("bluegreen")
                    .at(6).step(Steps.CREATE_GREEN_MACHINES, "").launchedByDeploy("green", "app", STARTED, true, Map.of());
        }

        @Test
        void uncordonThenCordonThenStopThenDestroyKeepsIt() {
            RunLogs l = greens().at(20).call("uncordon", "green", "").at(30).call("cordon", "blue", RunLogs.FLYCTL)
                    .at(40).call("stop", "blue", RunLogs.FLYCTL).at(41).state("blue", STOPPED)
                    .at(45).state("blue", DESTROYING).call("destroy", "blue", RunLogs.FLYCTL)
                    .at(46).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), l, s)).isEmpty();
        }

        @Test
        void aBlueCordonedBeforeTheGreenIsUncordonedBreaksIt() {
            RunLogs l = greens().at(15).call("cordon", "blue", RunLogs.FLYCTL).at(20).call("uncordon", "green", "")
                    .at(46).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), l, s)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(14.9));
                assertThat(x.detail()).contains("blue blue was cordoned at 14.900 s before green green was uncordoned (at 19.900 s)");
            });
        }

        @Test
        void aBlueStoppedUncordonedAndDestroyedRunningBreaksItTwice() {
            RunLogs l = greens().at(20).call("uncordon", "green", "").at(40).call("stop", "blue", RunLogs.FLYCTL)
                    .at(42).state("blue", DESTROYING).call("destroy", "blue", RunLogs.FLYCTL)
                    .at(46).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), l, s)).satisfiesExactly(
                    x -> assertThat(x.detail()).contains("was stopped at 39.900 s without being cordoned first"),
                    x -> assertThat(x.detail()).contains("destroyed at 41.900 s while started"));
        }

        @Test
        void aCanaryDestroyedBeforeTheLastUpdateFinishedBreaksTheCanaryServingRule() {
            Scenario cs = scenario("canary-serving", Map.of(), group("app", 1, 0));
            RunLogs base = new RunLogs().seeded("a", "app", true).at(5).deployStarted("canary-serving")
                    .at(6).launchedByDeploy("k", "app", STARTED, false, Map.of("fly_canary", "true"))
                    .at(20).call("update", "a", RunLogs.FLYCTL).at(21).step(Steps.UPDATE_MACHINE, "a");
            RunLogs early = base.at(25).step(Steps.DESTROY_CANARIES_AFTER_ROLL, "k").call("destroy", "k", "")
                    .at(30).step(Steps.UPDATE_SUCCEEDED, "a").at(31).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), early, cs)).singleElement()
                    .satisfies(x -> assertThat(x.detail()).contains("canary k was destroyed at 24.900 s before the last existing"
                            + " machine's update finished at 30.000 s"));

            RunLogs late = new RunLogs().seeded("a", "app", true).at(5).deployStarted("canary-serving")
                    .at(6).launchedByDeploy("k", "app", STARTED, false, Map.of("fly_canary", "true"))
                    .at(20).call("update", "a", RunLogs.FLYCTL).at(30).step(Steps.UPDATE_SUCCEEDED, "a")
                    .at(35).step(Steps.DESTROY_CANARIES_AFTER_ROLL, "k").call("destroy", "k", "")
                    .at(36).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), late, cs)).isEmpty();
        }

        @Test
        void aSiblingUpdatedBeforeTheSpearheadSucceededBreaksTheRollingRule() {
            Scenario r = scenario("rolling", Map.of(), group("app", 3, 0));
            // sets are sorted by ID: a is the warm set's spearhead
            RunLogs ok = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).seeded("c", "app", true)
                    .at(5).deployStarted("rolling").at(5.1).call("list", "", "").step(Steps.UPDATE_ENTRIES_GROUP, "")
                    .at(6).step(Steps.UPDATE_MACHINE, "a").at(20).step(Steps.UPDATE_SUCCEEDED, "a")
                    .at(21).step(Steps.UPDATE_MACHINE, "b").step(Steps.UPDATE_MACHINE, "c")
                    .at(40).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), ok, r)).isEmpty();

            RunLogs bad = new RunLogs().seeded("a", "app", true).seeded("b", "app", true).seeded("c", "app", true)
                    .at(5).deployStarted("rolling").at(5.1).call("list", "", "").step(Steps.UPDATE_ENTRIES_GROUP, "")
                    .at(6).step(Steps.UPDATE_MACHINE, "a").at(10).step(Steps.UPDATE_MACHINE, "c")
                    .at(20).step(Steps.UPDATE_SUCCEEDED, "a").at(40).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), bad, r)).singleElement().satisfies(x -> {
                assertThat(x.atNanos()).isEqualTo(ns(10));
                assertThat(x.detail()).contains("machine c of the app warm set", "before the spearhead a finished at 20.000 s");
            });
        }

        @Test
        void aRunWithoutTheStepsOfARuleIsNotJudgedByIt() {
            RunLogs l = new RunLogs().seeded("blue", "app", true).at(5).deployStarted("immediate")
                    .at(6).call("stop", "blue", RunLogs.FLYCTL).at(7).deployFinished(DeployOutcome.SUCCEEDED);
            assertThat(check(new OrderRules(), l, s)).isEmpty();
        }
    }
}
