package dev.deploysim.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.Explorer;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.FaultKind;
import dev.deploysim.sim.scenario.FaultTarget;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.flyctl.FlyctlOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The scenario generators: their simplest value, their ranges, and what a run of them covers. */
class GeneratorsTest {
    private static final ScenarioLoader LOADER = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
    private static final Scenario BASE = LOADER.defaults();

    private static Explorer<Scenario> explorer(String strategy) {
        return Explorer.forAll(ScenarioGen.of(BASE, Strategies.get(strategy)).gen()).systemProperties(k -> null);
    }

    private static List<Scenario> sample(String strategy, int n) {
        Explorer<Scenario> e = explorer(strategy);
        List<Scenario> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(e.generate(i).value());
        }
        return out;
    }

    @Test
    void theSimplestScenarioIsOneStartedMachineNoFaultsDefaultOptionsAndMedianTimings() {
        for (String name : Strategies.names()) {
            Scenario s = explorer(name).replay().value();
            assertThat(s.app().groups()).singleElement().satisfies(g -> {
                assertThat(g.started()).isEqualTo(1);
                assertThat(g.stopped()).isZero();
                assertThat(g.checks()).isEqualTo(BASE.app().groups().get(0).checks());
            });
            assertThat(s.faults()).isEmpty();
            assertThat(s.strategy()).isEqualTo(LOADER.catalog().resolve("strategy", name, new TreeMap<>()));
            assertThat(s.seed()).isEqualTo(BASE.seed());
            // the simplest timings are each distribution's median as a constant
            assertThat(((Distribution.Constant) s.platform().bootSeconds()).seconds())
                    .isCloseTo(Distributions.quantile(BASE.platform().bootSeconds(), 0.5), within(0.001));
            assertThat(((Distribution.Constant) s.platform().propagationSeconds()).seconds())
                    .isCloseTo(Distributions.quantile(BASE.platform().propagationSeconds(), 0.5), within(0.001));
        }
    }

    @Test
    void generatedScenariosStayInsideTheirRangesAndTheStrategysValidOptions() {
        for (String name : Strategies.names()) {
            Strategy strategy = Strategies.get(name);
            for (Scenario s : sample(name, 300)) {
                assertThat(s.app().machines()).isBetween(1, Apps.MAX_MACHINES);
                assertThat(s.app().groups()).hasSizeBetween(1, 3).allSatisfy(g -> assertThat(g.machines()).isPositive());
                Strategies.resolveOptions(strategy, s.strategy().options()); // throws if the strategy refuses them
                assertThat(s.faults()).hasSizeLessThanOrEqualTo(Swarm.MAX_FAULTS).allSatisfy(f -> {
                    if (f.target() instanceof FaultTarget.Machine m) {
                        assertThat(s.app().group(m.group())).hasValueSatisfying(g -> assertThat(m.index()).isLessThan(g.machines()));
                    } else if (f.target() instanceof FaultTarget.Group g) {
                        assertThat(s.app().group(g.group())).isPresent();
                    } else if (f.target() instanceof FaultTarget.Region r) {
                        assertThat(r.region()).isEqualTo(s.app().primaryRegion());
                    }
                });
                // what the generator writes, the scenario loader reads back equal
                assertThat(LOADER.fromJson(LOADER.echo(s), "echo", List.of())).isEqualTo(s);
            }
        }
    }

    @Test
    void swarmTestingSwitchesSomeKindsOnPerTryAndMeetsEveryKind() {
        List<Scenario> all = sample("rolling", 1000);
        long none = all.stream().filter(s -> s.faults().isEmpty()).count();
        assertThat(none).isBetween(350L, 600L);
        TreeMap<FaultKind, Integer> tries = new TreeMap<>();
        int narrow = 0;
        for (Scenario s : all) {
            TreeSet<FaultKind> kinds = new TreeSet<>();
            for (Fault f : s.faults()) {
                kinds.add(f.kind());
            }
            kinds.forEach(k -> tries.merge(k, 1, Integer::sum));
            if (!kinds.isEmpty() && kinds.size() <= 3) {
                narrow++;
            }
        }
        assertThat(tries.keySet()).containsExactly(FaultKind.values());
        assertThat(tries.values()).allSatisfy(n -> assertThat(n).isGreaterThan(50));
        // a try meets few kinds in depth rather than all thinly
        assertThat(narrow).isGreaterThan(300);
    }

    @Test
    void optionsTakeTheirDefaultOrFlyctlsOtherValuesAndFixedOnesAlways() {
        TreeMap<String, TreeSet<String>> seen = new TreeMap<>();
        for (Scenario s : sample("bluegreen", 400)) {
            s.strategy().options().forEach((k, v) -> seen.computeIfAbsent(k, x -> new TreeSet<>()).add(String.valueOf(v)));
        }
        assertThat(seen.get(FlyctlOptions.DEPLOY_RETRIES)).containsExactly("0", "1", "2", "3");
        assertThat(seen.get(FlyctlOptions.SMOKE_CHECKS)).containsExactly("false", "true");
        assertThat(seen.get(FlyctlOptions.WAIT_BEFORE_CORDON)).contains("PT10S", "PT0S", "PT30S");
        assertThat(seen.get(FlyctlOptions.MAX_UNAVAILABLE)).contains("0.33", "0.25", "5.0");

        Explorer<Scenario> fixed = Explorer.forAll(ScenarioGen.of(BASE, Strategies.get("bluegreen"))
                .withOptions(Map.of(FlyctlOptions.WAIT_BEFORE_CORDON, Duration.ZERO)).gen()).systemProperties(k -> null);
        for (int i = 0; i < 50; i++) {
            assertThat(fixed.generate(i).value().strategy().options().get(FlyctlOptions.WAIT_BEFORE_CORDON)).isEqualTo(Duration.ZERO);
        }
        assertThatThrownBy(() -> ScenarioGen.of(BASE, Strategies.get("rolling")).withOptions(Map.of("maxUnavailable", 0.0)).gen())
                .hasMessageContaining("refuses option maxUnavailable");
        assertThatThrownBy(() -> ScenarioGen.of(BASE, Strategies.get("rolling")).withOptions(Map.of("waitBeforeCordon", "1s")).gen())
                .hasMessageContaining("has no option waitBeforeCordon");
    }

    @Test
    void appsHaveOneToThreeGroupsStoppedMachinesAndOftenOneMachine() {
        List<Scenario> all = sample("rolling", 1000);
        assertThat(all.stream().filter(s -> s.app().machines() == 1).count()).isGreaterThan(100);
        assertThat(all.stream().filter(s -> s.app().machines() >= 15).count()).isGreaterThan(30);
        assertThat(all.stream().filter(s -> s.app().groups().size() == 3).count()).isGreaterThan(50);
        assertThat(all.stream().filter(s -> s.app().groups().stream().anyMatch(g -> g.stopped() > 0)).count()).isGreaterThan(100);
        assertThat(all.stream().filter(s -> s.app().groups().stream().anyMatch(g -> !g.hasServices())).count()).isGreaterThan(50);
        assertThat(all).allSatisfy(s -> assertThat(s.app().groups().get(0).name()).isEqualTo(BASE.app().groups().get(0).name()));
    }

    @Test
    void quantilesAndUpperBoundsOfTheDistributions() {
        Distribution u = new Distribution.Uniform(2, 4);
        assertThat(Distributions.quantile(u, 0.5)).isEqualTo(3);
        assertThat(Distributions.upperBound(u)).isEqualTo(4);
        Distribution e = new Distribution.Exponential(2);
        assertThat(Distributions.quantile(e, 0.5)).isCloseTo(2 * Math.log(2), within(1e-5));
        assertThat(Distributions.upperBound(e)).isInfinite();
        Distribution l = new Distribution.LogNormal(3, 0.5, 0);
        assertThat(Distributions.quantile(l, 0.5)).isCloseTo(3, within(1e-4));
        // the adverse profile's propagation: 90 % uniform 0.5-10 s, 10 % uniform 10-20 s
        Distribution mix = dev.deploysim.sim.platform.PlatformProfile.ADVERSE.config().propagationSeconds();
        assertThat(Distributions.upperBound(mix)).isEqualTo(20);
        assertThat(Distributions.quantile(mix, 0.9)).isCloseTo(10, within(1e-4));
        assertThat(Distributions.quantile(mix, 0.45)).isCloseTo(5.25, within(1e-4));
    }

    @Test
    void aScenarioBudgetCanGrowWithTheScenario() {
        Explorer<Scenario> e = Explorer.forAll(ScenarioGen.of(BASE, Strategies.get("rolling"))
                .withBudget(s -> new dev.deploysim.sim.scenario.Budget(100.0 * s.app().machines(), 1000)).gen())
                .systemProperties(k -> null);
        for (int i = 0; i < 20; i++) {
            Scenario s = e.generate(i).value();
            assertThat(s.budget().maxVirtualSeconds()).isEqualTo(100.0 * s.app().machines());
        }
        AppSpec simplest = e.replay().value().app();
        assertThat(simplest.machines()).isEqualTo(1);
    }
}
