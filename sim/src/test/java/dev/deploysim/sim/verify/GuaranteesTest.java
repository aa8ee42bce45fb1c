package dev.deploysim.sim.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.FaultTarget;
import dev.deploysim.sim.scenario.FaultTime;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.Strategies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GuaranteesTest {
    private static final ScenarioLoader LOADER = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
    private static final Fault CRASH_0 = new Fault.MachineCrash(new FaultTarget.Machine("app", 0), new FaultTime.At(5),
            Fault.Version.ANY);

    private static Scenario scenario(String strategy, int started, Map<String, Object> options) {
        return LOADER.defaults().withApp(AppSpec.web(started))
                .withStrategy(LOADER.catalog().resolve("strategy", strategy, new TreeMap<>(options)))
                .withPlatform(LOADER.defaults().platform().withPropagationSeconds(new Distribution.Uniform(0.1, 2.0)));
    }

    /** A strategy that only declares guarantees, to test the interpreter on them. */
    static final class Declaring implements Strategy {
        private final List<Guarantee> guarantees;

        Declaring(List<Guarantee> guarantees) {
            this.guarantees = guarantees;
        }

        @Override
        public String name() {
            return "test-declaring";
        }

        @Override
        public String source() {
            return "test";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(new OptionSpec("maxSurge", OptionSpec.Type.STRING, "25%", "k8s-style surge"));
        }

        @Override
        public List<Guarantee> guarantees() {
            return guarantees;
        }

        @Override
        public void deploy(DeployContext ctx) {
            throw new UnsupportedOperationException();
        }
    }

    private static Strategy declaring(List<Guarantee> guarantees) {
        return new Declaring(guarantees);
    }

    @Test
    void rollingPromisesNeverZeroServingOnlyWhereItsDeclaredConditionsHold() {
        Strategy rolling = Strategies.get("rolling");
        // three warm machines, pool 1 + spearhead < 3, no faults, propagation within 2 s: promised
        assertThat(Guarantees.promised(rolling, scenario("rolling", 3, Map.of()))).contains(Conditions.NEVER_ZERO_SERVING);
        // two machines: the first batch takes the only other machine
        assertThat(Guarantees.promised(rolling, scenario("rolling", 2, Map.of()))).doesNotContain(Conditions.NEVER_ZERO_SERVING);
        // the default platform's propagation reaches 20 s
        assertThat(Guarantees.promised(rolling, scenario("rolling", 3, Map.of()).withPlatform(LOADER.defaults().platform())))
                .doesNotContain(Conditions.NEVER_ZERO_SERVING);
        // the recovery path has no spearhead
        assertThat(Guarantees.promised(rolling, scenario("rolling", 3, Map.of("deployRetries", 1))))
                .doesNotContain(Conditions.NEVER_ZERO_SERVING).contains(Conditions.LIVENESS, Conditions.SURGE_BOUND);
        // any fault
        assertThat(Guarantees.promised(rolling, scenario("rolling", 3, Map.of()).withFaults(List.of(CRASH_0))))
                .doesNotContain(Conditions.NEVER_ZERO_SERVING, Conditions.CONVERGED);
    }

    @Test
    void optionKeysCompareTheResolvedValueWithDurationsInSeconds() {
        Strategy bluegreen = Strategies.get("bluegreen");
        assertThat(Guarantees.value(bluegreen, "waitBeforeCordon", scenario("bluegreen", 1, Map.of()))).isEqualTo(10.0);
        assertThat(Guarantees.promised(bluegreen, scenario("bluegreen", 1, Map.of())))
                .contains(Conditions.NEVER_ZERO_SERVING, Conditions.PROBES_ALL_OK);
        assertThat(Guarantees.promised(bluegreen, scenario("bluegreen", 1, Map.of("waitBeforeCordon", "9s"))))
                .doesNotContain(Conditions.NEVER_ZERO_SERVING, Conditions.PROBES_ALL_OK);
    }

    @Test
    void faultClassesFollowWhatTheFaultsCanTakeDown() {
        Scenario two = scenario("rolling", 2, Map.of());
        assertThat(Guarantees.faultClass(two)).isEqualTo(Guarantees.NONE);
        Fault apiErrors = new Fault.ApiErrors(FaultTarget.app(), new FaultTime.At(0), 0.2, List.of(), 60);
        assertThat(Guarantees.faultClass(two.withFaults(List.of(apiErrors)))).isEqualTo(Guarantees.NO_TOTAL_OUTAGE);
        // one crash in a group of two started machines leaves one up; two crashes may not
        assertThat(Guarantees.faultClass(two.withFaults(List.of(CRASH_0)))).isEqualTo(Guarantees.NO_TOTAL_OUTAGE);
        assertThat(Guarantees.faultClass(two.withFaults(List.of(CRASH_0, CRASH_0)))).isEqualTo(Guarantees.ANY);
        assertThat(Guarantees.faultClass(scenario("rolling", 1, Map.of()).withFaults(List.of(CRASH_0)))).isEqualTo(Guarantees.ANY);
        // three failed boots in a group of two
        assertThat(Guarantees.faultClass(two.withFaults(List.of(new Fault.BootFailure(new FaultTarget.Group("app"),
                new FaultTime.At(0), 3))))).isEqualTo(Guarantees.ANY);
        assertThat(Guarantees.faultClass(two.withFaults(List.of(new Fault.Abort(FaultTarget.app(), new FaultTime.At(3))))))
                .isEqualTo(Guarantees.ANY);
        assertThat(Guarantees.faultClass(two.withFaults(List.of(new Fault.BadRelease(FaultTarget.app(), new FaultTime.At(0),
                Fault.BadReleaseMode.NEVER_HEALTHY))))).isEqualTo(Guarantees.ANY);
    }

    @Test
    void noServingOutageIsJudgedOnTheRunAtEachFaultsInstant() {
        Strategy s = declaring(List.of(new Guarantee(Conditions.LIVENESS,
                List.of(Guarantee.when(Conditions.FAULTS, "in", "[none, no-serving-outage]")), "")));
        // two machines, one serving check; machine b crashes while a serves: a survivor exists
        RunLogs survivor = new RunLogs().seeded("a", "app", true).seeded("b", "app", true)
                .at(0).check("a", true).check("b", true)
                .at(5).deployStarted("rolling").at(7).fault("crash", "b").ready("b", false)
                .at(9).deployFinished(dev.deploysim.sim.observe.Observation.DeployOutcome.SUCCEEDED);
        // InvariantsTest's app: its group's one service check is named "c", as RunLogs.check reports it
        Scenario two = InvariantsTest.scenario("rolling", Map.of(), InvariantsTest.group("app", 2, 0)).withFaults(List.of(CRASH_0));
        assertThat(Guarantees.promised(s, survivor.run(two))).containsExactly(Conditions.LIVENESS);
        // before a run, only a fault-free scenario is known to be in the class
        assertThat(Guarantees.promised(s, two)).isEmpty();
        assertThat(Guarantees.promised(s, scenario("rolling", 2, Map.of()))).containsExactly(Conditions.LIVENESS);
        // the same crash while a is cordoned (still serving in the proxy's view): no survivor routable in truth
        RunLogs cordoned = new RunLogs().seeded("a", "app", true).seeded("b", "app", true)
                .at(0).check("a", true).check("b", true)
                .at(5).deployStarted("rolling").at(6).cordoned("a", true).at(7).fault("crash", "b").ready("b", false)
                .at(9).deployFinished(dev.deploysim.sim.observe.Observation.DeployOutcome.SUCCEEDED);
        assertThat(Guarantees.promised(s, cordoned.run(two))).isEmpty();
        // a fault that found nothing to act on strikes nothing
        RunLogs noEffect = new RunLogs().seeded("a", "app", true).at(0).check("a", true).at(5).deployStarted("rolling")
                .at(6).ready("a", false).at(7).fault("machine-crash", "machine app[3]", dev.deploysim.sim.fault.FaultInjector.NO_EFFECT + "x")
                .at(9).deployFinished(dev.deploysim.sim.observe.Observation.DeployOutcome.SUCCEEDED);
        assertThat(Guarantees.promised(s, noEffect.run(InvariantsTest.scenario("rolling", Map.of(),
                InvariantsTest.group("app", 1, 0)).withFaults(List.of(CRASH_0)))))
                .containsExactly(Conditions.LIVENESS);
    }

    @Test
    void aPropagationSpikeRaisesTheScenariosPropagationBound() {
        Scenario s = scenario("rolling", 3, Map.of());
        assertThat(Guarantees.maxPropagationSeconds(s)).isEqualTo(2.0);
        Fault spike = new Fault.PropagationSpike(FaultTarget.app(), new FaultTime.At(0), new Distribution.Uniform(10, 30), 60);
        assertThat(Guarantees.maxPropagationSeconds(s.withFaults(List.of(spike)))).isEqualTo(30.0);
        assertThat(Guarantees.maxPropagationSeconds(s.withPlatform(s.platform()
                .withPropagationSeconds(new Distribution.Exponential(1))))).isInfinite();
    }

    @Test
    void surgeBoundsAreTheDeclaredExpressionsOverEachGroup() {
        AppSpec.Group three = AppSpec.web(3).groups().get(0);
        assertThat(Guarantees.surgeBound(Strategies.get("rolling"), scenario("rolling", 3, Map.of()), three)).isEqualTo(3);
        assertThat(Guarantees.surgeBound(Strategies.get("canary-serving"), scenario("canary-serving", 3, Map.of()), three))
                .isEqualTo(4);
        assertThat(Guarantees.surgeBound(Strategies.get("bluegreen"), scenario("bluegreen", 3, Map.of()), three)).isEqualTo(6);
        // a percentage option reads as a fraction
        Strategy k8s = declaring(List.of(new Guarantee(Conditions.SURGE_BOUND,
                List.of(Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines + ceil(machines * maxSurge)")),
                "test")));
        Scenario s = scenario("rolling", 10, Map.of()).withStrategy(new dev.deploysim.sim.scenario.StrategyChoice(k8s.name(),
                new TreeMap<>(Map.of("maxSurge", "25%"))));
        assertThat(Guarantees.surgeBound(k8s, s, AppSpec.web(10).groups().get(0))).isEqualTo(13);
        // a max-unavailable bound is declared the same way, and is not a condition
        Strategy floor = declaring(List.of(new Guarantee(Conditions.MAX_UNAVAILABLE,
                List.of(Guarantee.when(Conditions.MAX_UNAVAILABLE_PER_GROUP, Conditions.IS, "max(1, floor(warm * maxSurge))")),
                "test")));
        assertThat(Guarantees.promised(floor, s)).containsExactly(Conditions.MAX_UNAVAILABLE);
        assertThat(Guarantees.unavailableBound(floor, s, AppSpec.web(10).groups().get(0))).isEqualTo(2);
    }

    @Test
    void everyRegisteredStrategysDeclarationsAreUnderstood() {
        for (String name : Strategies.names()) {
            Guarantees.requireUnderstood(Strategies.get(name), scenario(name, 2, Map.of()));
        }
    }

    @Test
    void anUnknownConditionKeyIsRefusedNamingTheStrategyAndTheKnownKeys() {
        Strategy s = declaring(List.of(new Guarantee(Conditions.LIVENESS, List.of(Guarantee.when("minWarmMachine", ">=", 1)), "")));
        assertThatThrownBy(() -> Guarantees.promised(s, scenario("rolling", 1, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-declaring").hasMessageContaining("unknown condition key 'minWarmMachine'")
                .hasMessageContaining("minWarmMachines");
    }

    @Test
    void anUnknownOperatorFaultClassOrInvariantAndAnUnboundedSurgePromiseAreRefused() {
        Scenario sc = scenario("rolling", 1, Map.of());
        assertThatThrownBy(() -> Guarantees.promised(declaring(List.of(new Guarantee(Conditions.LIVENESS,
                List.of(Guarantee.when(Conditions.MIN_WARM_MACHINES, "=>", 1)), ""))), sc)).hasMessageContaining("'=>'");
        assertThatThrownBy(() -> Guarantees.promised(declaring(List.of(new Guarantee(Conditions.LIVENESS,
                List.of(Guarantee.when(Conditions.FAULTS, "in", "[none, small]")), ""))), sc))
                .hasMessageContaining("unknown fault class 'small'");
        assertThatThrownBy(() -> Guarantees.promised(declaring(List.of(new Guarantee("never-zero", List.of(), ""))), sc))
                .hasMessageContaining("unknown invariant 'never-zero'");
        assertThatThrownBy(() -> Guarantees.promised(declaring(List.of(new Guarantee(Conditions.SURGE_BOUND, List.of(), ""))), sc))
                .hasMessageContaining("without declaring its bound");
        assertThatThrownBy(() -> Guarantees.promised(declaring(List.of(new Guarantee(Conditions.SURGE_BOUND,
                List.of(Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines +")), ""))), sc))
                .hasMessageContaining("ends early");
    }

    @Test
    void boundExpressionsEvaluateArithmeticAndRefuseUnknownNames() {
        Map<String, Double> names = Map.of("machines", 10.0, "mu", 0.25);
        assertThat(BoundExpression.parse("machines + 1").evaluate(names)).isEqualTo(11);
        assertThat(BoundExpression.parse("2 * (machines - 1) / 3").evaluate(names)).isEqualTo(6);
        assertThat(BoundExpression.parse("max(1, floor(machines * mu)) + min(machines, ceil(machines * mu))").evaluate(names))
                .isEqualTo(2 + 3);
        assertThatThrownBy(() -> BoundExpression.parse("machines + surge").evaluate(names))
                .hasMessageContaining("unknown name 'surge'");
        assertThatThrownBy(() -> BoundExpression.parse("sqrt(machines)").evaluate(names))
                .hasMessageContaining("unknown function 'sqrt'");
        assertThatThrownBy(() -> BoundExpression.parse("machines 1")).hasMessageContaining("unexpected '1'");
    }

    @Test
    void aDurationThresholdOnAnOptionReadsSeconds() {
        Strategy rolling = Strategies.get("rolling");
        Scenario s = scenario("rolling", 3, Map.of("waitTimeout", Duration.ofMinutes(2)));
        assertThat(Guarantees.holds(rolling, Guarantee.when("waitTimeout", ">=", 120), s)).isTrue();
        assertThat(Guarantees.holds(rolling, Guarantee.when("waitTimeout", ">", 120), s)).isFalse();
    }
}
