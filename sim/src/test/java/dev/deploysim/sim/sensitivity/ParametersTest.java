package dev.deploysim.sim.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.PlatformProfile;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.scenario.ScenarioDefaults;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {

    private static Scenario fly() {
        return ScenarioDefaults.scenario(StrategyCatalog.of(Strategies.all()));
    }

    @Test
    void scalingKeepsTheShapeAndMovesTheMedian() {
        Distribution fly = PlatformProfile.FLY.config().propagationSeconds();
        assertThat(Parameters.scaledTo(fly, 0.6)).isEqualTo(new Distribution.LogNormal(0.6, 0.5, 6.0));
        Distribution adverse = PlatformProfile.ADVERSE.config().propagationSeconds();
        Distribution half = Parameters.scaledTo(adverse, adverse.medianSeconds() / 2);
        assertThat(half).isEqualTo(new Distribution.Mixture(List.of(
                new Distribution.Weighted(0.9, new Distribution.Uniform(0.25, 5.0)),
                new Distribution.Weighted(0.1, new Distribution.Uniform(5.0, 10.0)))));
        // a log-normal cannot have median 0, and a zero median cannot be scaled: both become constants
        assertThat(Parameters.scaledTo(fly, 0)).isEqualTo(new Distribution.Constant(0));
        assertThat(Parameters.scaledTo(new Distribution.Constant(0), 2)).isEqualTo(new Distribution.Constant(2));
    }

    @Test
    void rangesAreWhatTheProfilesSpan() {
        Parameter propagation = Parameters.named("propagationSeconds", "--params");
        // ideal's 0.01 s constant .. fly-2024's U(10, 20 s), median 15 s; fly (0.3) and adverse (5.25) lie between
        assertThat(propagation.low()).isEqualTo(0.01);
        assertThat(propagation.high()).isEqualTo(15.0);
        assertThat(propagation.profileValues()).containsEntry("fly", 0.3).containsEntry("adverse", 5.25)
                .containsOnlyKeys("ideal", "fly", "fly-2024", "adverse");
        Parameter retries = Parameters.named("platform.proxyRetries", "--params");
        assertThat(retries.low()).isEqualTo(2);
        assertThat(retries.high()).isEqualTo(1000);
        assertThat(Parameters.varied()).extracting(Parameter::name).doesNotContain("legacyCanaryGetsTraffic")
                .contains("pullBeforeStop", "appReadySeconds");
    }

    @Test
    void pointsAreGeometricOverWideRangesAndEvenOverNarrowOnes() {
        List<Double> p = Parameters.named("propagationSeconds", "x").points(7);
        assertThat(p).hasSize(7);
        assertThat(p.get(0)).isEqualTo(0.01);
        assertThat(p.get(6)).isEqualTo(15.0);
        for (int i = 1; i < 6; i++) {
            assertThat(p.get(i + 1) / p.get(i)).isCloseTo(p.get(i) / p.get(i - 1), within(0.01));
        }
        assertThat(Parameters.named("startupCheckIntervalSeconds", "x").points(5)).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        assertThat(Parameters.named("pullBeforeStop", "x").points(7)).containsExactly(0.0, 1.0);
        assertThat(Parameters.named("proxyRetries", "x").points(7)).allMatch(v -> v == Math.rint(v)).doesNotHaveDuplicates();
    }

    @Test
    void applyingAValueChangesOnlyThatParameter() {
        Scenario base = fly();
        Scenario s = Parameters.named("propagationSeconds", "x").apply(base, 1.2);
        assertThat(s.platform().propagationSeconds()).isEqualTo(new Distribution.LogNormal(1.2, 0.5, 12.0));
        assertThat(s.platform().overrides()).containsExactly("propagationSeconds");
        assertThat(s.withPlatform(base.platform())).isEqualTo(base);
    }

    @Test
    void retryPacingStaysOrderedWhenOneEndMovesPastTheOther() {
        PlatformConfig c = Parameters.named("proxyRetryBackoffSeconds", "x").apply(fly(), 0.5).platform();
        assertThat(c.proxyRetryBackoffSeconds()).isEqualTo(0.5);
        assertThat(c.proxyRetryMaxBackoffSeconds()).isEqualTo(0.5);
        PlatformConfig d = Parameters.named("proxyRetryMaxBackoffSeconds", "x").apply(fly(), 0.01).platform();
        assertThat(d.proxyRetryBackoffSeconds()).isEqualTo(0.01);
    }

    @Test
    void varyTakesARangeOfOnesOwnForAPlatformParameterOrAStrategyOption() {
        Parameter p = Parameters.vary("platform.propagationSeconds=500ms..2s", fly(), "--vary");
        assertThat(p.low()).isEqualTo(0.5);
        assertThat(p.high()).isEqualTo(2.0);
        Scenario base = fly();
        Parameter wait = Parameters.vary("strategy.options.waitTimeout=30s..5m", base, "--vary");
        assertThat(wait.kind()).isEqualTo(Parameter.Kind.SECONDS);
        assertThat(wait.apply(base, 60).strategy().options().get("waitTimeout")).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void badRangesNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> Parameters.vary("platform.propagationSeconds=2..1", fly(), "--vary"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("--vary").hasMessageContaining("inverted")
                .hasMessageContaining("1..2");
        assertThatThrownBy(() -> Parameters.vary("platform.propagationSeconds=1..1", fly(), "--vary"))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Parameters.vary("platform.nope=1..2", fly(), "--vary"))
                .hasMessageContaining("unknown parameter 'platform.nope'").hasMessageContaining("propagationSeconds");
        assertThatThrownBy(() -> Parameters.vary("strategy.options.nope=1..2", fly(), "--vary"))
                .hasMessageContaining("has no option 'nope'");
    }
}
