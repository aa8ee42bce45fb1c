package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.Strategies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four strategies state their promises in the Conditions vocabulary, and promise serving exactly where documented. */
class GuaranteesTest {

    private static final List<String> BEYOND = List.of("k8s-rolling", "nomad", "ecs-rolling", "surge-rolling");
    private static final List<String> INVARIANTS = List.of(Conditions.NEVER_ZERO_SERVING, Conditions.PROBES_ALL_OK,
            Conditions.MAX_UNAVAILABLE, Conditions.SURGE_BOUND, Conditions.CONVERGED, Conditions.CLEAN_ROLLBACK,
            Conditions.LIVENESS, Conditions.SUCCEEDS, Conditions.REVERTED, Conditions.LEASE_DISCIPLINE, Conditions.ORDER);
    private static final List<String> KEYS = List.of(Conditions.MIN_WARM_MACHINES, Conditions.FAULTS,
            Conditions.MAX_PROPAGATION_SECONDS, Conditions.POOL_BELOW_WARM_COUNT, Conditions.SERVICE_CHECKS,
            Conditions.NEW_VERSION_HEALTHY, Conditions.MAX_MACHINES_PER_GROUP, Conditions.MAX_UNAVAILABLE_PER_GROUP,
            Conditions.MAX_START_SECONDS, Conditions.GROUPS);
    private static final List<String> FAULT_CLASSES = List.of(Conditions.NO_FAULTS, Conditions.NO_TOTAL_OUTAGE,
            Conditions.NO_SERVING_OUTAGE, Conditions.NO_FAULTS_BUT_BAD_RELEASE);

    @Test
    void everyPromiseUsesTheVocabularyOrAnOptionOfItsOwnStrategy() {
        for (String name : BEYOND) {
            Strategy s = Strategies.get(name);
            List<String> keys = new ArrayList<>(KEYS);
            s.options().stream().map(OptionSpec::name).forEach(keys::add);
            assertThat(s.guarantees()).as(name).isNotEmpty();
            for (Guarantee g : s.guarantees()) {
                assertThat(INVARIANTS).as(name).contains(g.invariant());
                for (Guarantee.Condition c : g.conditions()) {
                    assertThat(keys).as(name + " " + c).contains(c.key());
                    if (c.key().equals(Conditions.FAULTS)) {
                        assertThat(FAULT_CLASSES).as(name + " " + c).contains(c.value());
                    }
                }
            }
            assertThat(s.guarantees()).extracting(Guarantee::invariant).as(name)
                    .contains(Conditions.CONVERGED, Conditions.LIVENESS, Conditions.LEASE_DISCIPLINE, Conditions.SUCCEEDS);
        }
    }

    @Test
    void onlyNomadAndSurgeRollingPromiseServingAndSurgeRollingFromOneMachineUnderItsFaultClass() {
        for (String name : BEYOND) {
            boolean serving = Strategies.get(name).guarantees().stream()
                    .anyMatch(g -> g.invariant().equals(Conditions.NEVER_ZERO_SERVING));
            assertThat(serving).as(name).isEqualTo(name.equals("nomad") || name.equals("surge-rolling"));
        }
        Guarantee surge = Strategies.get("surge-rolling").guarantees().stream()
                .filter(g -> g.invariant().equals(Conditions.NEVER_ZERO_SERVING)).findFirst().orElseThrow();
        assertThat(surge.conditions()).extracting(Guarantee.Condition::toString).containsExactlyInAnyOrder(
                "minWarmMachines >= 1", "serviceChecks == true", "faults in [none, no-serving-outage]",
                "maxPropagationSeconds <= 20", "routeWait >= 20");
    }
}
