package dev.deploysim.sim.strategies.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.ExploreResult;
import dev.deploysim.sim.explore.Explorer;
import dev.deploysim.sim.fault.FaultInjector;
import dev.deploysim.sim.fault.ScenarioGen;
import dev.deploysim.sim.fault.StrategyOptions;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioDefaults;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.verify.Exploration;
import dev.deploysim.sim.verify.Guarantees;
import dev.deploysim.sim.verify.Invariants;
import dev.deploysim.sim.verify.Promises;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.Strategies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README tutorial's promise, checked the way {@code deploysim explore} checks a registered
 * strategy's: the explorer must try settle times on both sides of the promise's {@code settle >= 20}
 * (else the promise never applies and every exploration passes untested), the promise must hold,
 * and the condition on warm machines must be there (without it an app with no started machine
 * breaks it: nothing served before the deploy began).
 */
class TutorialStrategyTest {
    /** The tutorial's class itself: the example project's source, compiled (one copy of it, not two). */
    private static final Strategy tutorial = dev.deploysim.sim.testing.ExampleProject.load(
            dev.deploysim.sim.testing.ExampleProject.compile(tempDir()));

    private static java.nio.file.Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("tutorial-strategy");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Runner runnerOf(Strategy s) {
        return new Runner(name -> s, new FaultInjector(), Invariants.all());
    }

    private Scenario base(Strategy s) {
        return ScenarioDefaults.scenario(StrategyCatalog.of(Strategies.all()))
                .withStrategy(StrategyCatalog.of(List.of(s)).resolve("strategy", s.name(), Map.of()));
    }

    @Test
    void theExplorerTriesSettleTimesOnBothSidesOfThePromisesThreshold() {
        OptionSpec settle = tutorial.options().get(1);
        assertThat(StrategyOptions.thresholdVariants(tutorial, settle))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30));
    }

    @Test
    void thePromiseIsInForceInManyTriesAndHolds() {
        Scenario base = base(tutorial);
        ExploreResult<Scenario> r = Explorer.forAll(ScenarioGen.of(base, tutorial)
                        .withBudget(s -> Exploration.budget(tutorial, s)).gen())
                .name("tutorial replace-first").tries(150).seed(18).systemProperties(k -> null)
                .run(Promises.kept(runnerOf(tutorial), tutorial));
        assertThat(r.status()).as(r.report()).isEqualTo(ExploreResult.Status.PASSED);
        assertThat(r.statistics().labels().getOrDefault("promised:" + Conditions.NEVER_ZERO_SERVING, 0))
                .as(r.report()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void withoutTheWarmMachineConditionAnAppWithNoStartedMachineBreaksThePromise() {
        Strategy loose = new Strategy() {
            @Override
            public String name() {
                return tutorial.name();
            }

            @Override
            public String source() {
                return tutorial.source();
            }

            @Override
            public List<OptionSpec> options() {
                return tutorial.options();
            }

            @Override
            public List<Guarantee> guarantees() {
                return List.of(new Guarantee(Conditions.NEVER_ZERO_SERVING,
                        List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS), Guarantee.when("settle", ">=", 20)),
                        "the tutorial's first promise"));
            }

            @Override
            public void deploy(DeployContext ctx) {
                tutorial.deploy(ctx);
            }
        };
        Scenario base = base(loose);
        var group = base.app().groups().get(0);
        Scenario cold = base.withApp(new dev.deploysim.sim.platform.AppSpec(base.app().name(), base.app().currentImage(),
                        base.app().newImage(), base.app().primaryRegion(), List.of(new dev.deploysim.sim.platform.AppSpec.Group(
                                group.name(), 0, 1, group.region(), true, group.checks(), group.killTimeout(), true))))
                .withStrategy(StrategyCatalog.of(List.of(loose)).resolve("strategy", loose.name(), Map.of("settle", "25s")));
        DeployRun run = runnerOf(loose).run(cold);
        assertThat(run.violations()).anyMatch(v -> v.invariant().equals(Conditions.NEVER_ZERO_SERVING));
        assertThat(Guarantees.promised(loose, run)).contains(Conditions.NEVER_ZERO_SERVING);
        assertThat(Guarantees.promised(tutorial, run.scenario().withStrategy(cold.strategy()))).isEmpty();
    }
}
