package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.Strategies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The registry's fixed names, flyctl's option defaults and validation (spec 6), and the promises as data. */
class StrategyRegistryTest {

    /** The ported flyctl strategies; the registry's other strategies (strategies.k8s, ...) have their own options. */
    private static final List<String> FLYCTL = List.of("immediate", "rolling", "canary", "canary-serving", "bluegreen");

    private static List<Strategy> flyctl() {
        return Strategies.all().stream().filter(s -> FLYCTL.contains(s.name())).toList();
    }

    @Test
    void registryHoldsTheFixedNames() {
        assertThat(Strategies.names()).containsExactly("immediate", "rolling", "canary", "canary-serving", "bluegreen",
                "k8s-rolling", "nomad", "ecs-rolling", "surge-rolling");
        for (String name : Strategies.names()) {
            assertThat(Strategies.get(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Strategies.get("blue-green"))
                .hasMessageContaining("unsupported deployment strategy 'blue-green'");
    }

    @Test
    void everyStrategyDefaultsToFlyctlsOptionValues() {
        for (Strategy s : flyctl()) {
            Options o = Strategies.resolveOptions(s, Map.of());
            assertThat(o.getInt("deployRetries")).isZero();
            assertThat(o.getDouble("maxUnavailable")).isEqualTo(0.33);
            assertThat(o.getDuration("waitTimeout")).isEqualTo(Duration.ofMinutes(5));
            assertThat(o.getDuration("leaseTimeout")).isEqualTo(Duration.ofSeconds(13));
            assertThat(o.getInt("maxConcurrent")).isEqualTo(8);
            assertThat(o.getBoolean("smokeChecks")).isTrue();
            assertThat(o.getBoolean("healthChecks")).isTrue();
        }
        Options bg = Strategies.resolveOptions(Strategies.get("bluegreen"), Map.of());
        assertThat(bg.getDuration("waitBeforeCordon")).isEqualTo(Duration.ofSeconds(10));
        assertThat(bg.getDuration("waitBeforeStop")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void invalidValuesAreRejectedNamingTheOption() {
        Map<String, Object> bad = new TreeMap<>();
        bad.put("maxUnavailable", 0);
        bad.put("deployRetries", -1);
        bad.put("waitTimeout", "0s");
        bad.put("leaseTimeout", "1s");
        bad.put("maxConcurrent", 0);
        for (Strategy s : flyctl()) {
            for (Map.Entry<String, Object> e : bad.entrySet()) {
                assertThatThrownBy(() -> Strategies.resolveOptions(s, Map.of(e.getKey(), e.getValue())))
                        .isInstanceOf(InvalidOptionException.class)
                        .satisfies(ex -> assertThat(((InvalidOptionException) ex).option()).isEqualTo(e.getKey()));
            }
        }
        assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get("rolling"), Map.of("maxUnavailable", 0)))
                .hasMessageContaining("the value for --max-unavailable must be > 0");
        // the bluegreen waits belong to bluegreen only
        assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get("rolling"), Map.of("waitBeforeCordon", "5s")))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(ex -> assertThat(((InvalidOptionException) ex).option()).isEqualTo("waitBeforeCordon"));
        assertThat(Strategies.resolveOptions(Strategies.get("bluegreen"), Map.of("waitBeforeCordon", "5s"))
                .getDuration("waitBeforeCordon")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void servingPromisesAreMadeByRollingCanaryServingAndBluegreenOnly() {
        List<String> invariants = List.of(Conditions.NEVER_ZERO_SERVING, Conditions.PROBES_ALL_OK, Conditions.MAX_UNAVAILABLE,
                Conditions.SURGE_BOUND, Conditions.CONVERGED, Conditions.CLEAN_ROLLBACK, Conditions.LIVENESS,
                Conditions.SUCCEEDS, Conditions.POOL_REACHED, Conditions.MAX_CONCURRENT, Conditions.LEASE_DISCIPLINE,
                Conditions.ORDER);
        for (Strategy s : flyctl()) {
            assertThat(s.guarantees()).extracting(Guarantee::invariant).allMatch(invariants::contains)
                    .contains(Conditions.CONVERGED, Conditions.LEASE_DISCIPLINE, Conditions.LIVENESS, Conditions.SUCCEEDS);
            boolean serving = s.guarantees().stream().anyMatch(g -> g.invariant().equals(Conditions.NEVER_ZERO_SERVING));
            assertThat(serving).as(s.name()).isEqualTo(List.of("rolling", "canary-serving", "bluegreen").contains(s.name()));
        }
        Guarantee rolling = neverZero("rolling");
        assertThat(rolling.conditions()).extracting(Guarantee.Condition::toString)
                .contains("deployRetries == 0", "minWarmMachines >= 3", "poolPlusOneBelowWarmCount == true");
        assertThat(neverZero("canary-serving").conditions()).extracting(Guarantee.Condition::toString)
                .contains("minWarmMachines >= 2", "poolBelowWarmCount == true", "serviceChecks == true",
                        "faults in [none, no-total-outage]");
        assertThat(neverZero("bluegreen").conditions()).extracting(Guarantee.Condition::toString)
                .contains("minWarmMachines >= 1", "serviceChecks == true", "maxPropagationSeconds < 10");
    }

    private static Guarantee neverZero(String strategy) {
        return Strategies.get(strategy).guarantees().stream()
                .filter(g -> g.invariant().equals(Conditions.NEVER_ZERO_SERVING)).findFirst().orElseThrow();
    }
}
