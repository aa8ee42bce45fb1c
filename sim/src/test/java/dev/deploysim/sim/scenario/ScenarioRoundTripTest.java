package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The echo of a resolved scenario loads back equal, and echoing is a fixed point. */
class ScenarioRoundTripTest {

    @Test
    void defaultScenarioEchoLoadsBackEqual() {
        for (StrategyCatalog catalog : List.of(StrategyCatalog.flyctlNames(), TestStrategies.typed())) {
            ScenarioLoader loader = new ScenarioLoader(catalog);
            String echo = loader.echo(loader.defaults());
            assertThat(loader.fromJson(echo, "echo", List.of())).isEqualTo(loader.defaults());
        }
    }

    @Test
    void emptyObjectIsTheDefaultScenario() {
        ScenarioLoader loader = new ScenarioLoader(TestStrategies.typed());
        assertThat(loader.fromJson("{}", "empty", List.of())).isEqualTo(loader.defaults());
    }

    @Test
    void typedCatalogFillsOptionDefaultsIntoTheEcho() {
        ScenarioLoader loader = new ScenarioLoader(TestStrategies.typed());
        Scenario s = loader.fromJson("{\"strategy\": {\"name\": \"canary\", \"options\": {\"maxUnavailable\": 2}}}", "x", List.of());
        assertThat(s.strategy().options()).containsEntry("maxUnavailable", 2.0)
                .containsEntry("waitTimeout", java.time.Duration.ofMinutes(5));
        assertThat(loader.echo(s)).contains("\"options\": {\"maxUnavailable\": 2.0, \"waitTimeout\": \"5m\"}");
    }

    @Test
    void thousandRandomScenariosSurviveEchoAndReload() {
        for (StrategyCatalog catalog : List.of(StrategyCatalog.flyctlNames(), TestStrategies.typed())) {
            ScenarioLoader loader = new ScenarioLoader(catalog);
            RandomScenarios gen = new RandomScenarios(20_261_127L, catalog);
            for (int i = 0; i < 500; i++) {
                Scenario s = gen.next();
                String echo = loader.echo(s);
                Scenario back = loader.fromJson(echo, "echo " + i, List.of());
                assertThat(back).as("scenario %d:\n%s", i, echo).isEqualTo(s);
                assertThat(loader.echo(back)).isEqualTo(echo);
            }
        }
    }

    @Test
    void richScenarioWithEveryFaultKindSurvivesEchoAndReload() {
        ScenarioLoader loader = new ScenarioLoader(TestStrategies.typed());
        Scenario rich = new RandomScenarios(1, TestStrategies.typed()).rich();
        assertThat(rich.faults()).extracting(Fault::kind).containsExactly(FaultKind.values());
        assertThat(loader.fromJson(loader.echo(rich), "rich", List.of())).isEqualTo(rich);
    }

    @Test
    void echoIsStableText() {
        // Pinned: a change to the canonical form is a change to every saved result; make it on purpose.
        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.flyctlNames());
        String echo = loader.echo(loader.defaults());
        assertThat(echo).startsWith("{\n  \"schemaVersion\": 2,\n  \"seed\": 1,\n  \"app\": {\n    \"name\": \"app\",\n");
        assertThat(echo).contains("\n    \"profile\": \"fly\",\n    \"bootSeconds\": {\"lognormal\": {\"median\": 1.4, \"sigma\": 0.35, \"max\": 4.0}},\n");
        assertThat(echo).contains("\n  \"strategy\": {\"name\": \"rolling\", \"options\": {}},\n");
        assertThat(echo).endsWith("  \"budget\": {\"maxVirtualSeconds\": 3600.0, \"maxEvents\": 10000000}\n}\n");
    }
}
