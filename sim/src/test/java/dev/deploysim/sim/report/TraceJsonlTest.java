package dev.deploysim.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.run.DeployRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceJsonlTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void oneObjectPerObservationWithEveryRecordField() throws Exception {
        DeployRun run = Fixtures.real("canary", 2, 3);
        List<String> lines = TraceJsonl.of(run.log()).lines().toList();
        assertThat(lines).hasSize(run.log().size());
        for (int i = 0; i < lines.size(); i++) {
            Observation o = run.log().get(i);
            JsonNode n = MAPPER.readTree(lines.get(i));
            assertThat(n.get("atNanos").asLong()).isEqualTo(o.atNanos());
            assertThat(n.get("kind").asText()).isEqualTo(o.kind());
            // kind plus one field per record component
            assertThat(n.size()).isEqualTo(o.getClass().getRecordComponents().length + 1);
        }
    }

    @Test
    void aProbeResultLineSpellsOutItsFields() {
        Observation p = new Observation.ProbeResult(11, 10, Observation.ProbeOutcome.SLOW, 1, "m1", 2, "took \"long\"");
        assertThat(TraceJsonl.json(p).toString()).isEqualTo("{\"atNanos\":11,\"kind\":\"probe\",\"sentAtNanos\":10,"
                + "\"outcome\":\"SLOW\",\"latencyNanos\":1,\"machineId\":\"m1\",\"attempts\":2,\"detail\":\"took \\\"long\\\"\"}");
    }

    @Test
    void theStreamedLinesAreTheTreesOfEveryObservation() {
        // json(o) builds the object as a tree and prints it with Jackson's node serialisation: the
        // streamed file must be exactly those lines, for every kind of observation of real runs
        // and for text that needs escaping
        StringBuilder expected = new StringBuilder();
        List<Observation> all = new java.util.ArrayList<>();
        for (String strategy : List.of("canary", "bluegreen", "rolling")) {
            Fixtures.real(strategy, 3, 2).log().forEach(all::add);
        }
        all.add(new Observation.FaultInjected(1, "kill \"x\"", "m\u00e9</script>", "tab\tnl\nctl\u0001 \ud83d\ude00 \u2028"));
        all.add(new Observation.StrategyStep(2, "step", "", ""));
        for (Observation o : all) {
            expected.append(TraceJsonl.json(o).toString()).append('\n');
        }
        assertThat(all.stream().map(Observation::kind).distinct().count()).isGreaterThan(10);
        assertThat(TraceJsonl.of(all)).isEqualTo(expected.toString());
    }
}
