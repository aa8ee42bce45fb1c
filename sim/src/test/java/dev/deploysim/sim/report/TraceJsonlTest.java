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
}
