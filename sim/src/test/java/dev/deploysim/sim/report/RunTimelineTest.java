package dev.deploysim.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.run.DeployRun;
import org.junit.jupiter.api.Test;

class RunTimelineTest {

    @Test
    void theHandBuiltLogGivesTheHandWorkedTimeline() {
        ObjectNode t = RunTimeline.json(Fixtures.handBuilt());
        assertThat(t.get("endSeconds").asDouble()).isEqualTo(30.0);
        assertThat(t.get("deploy").toString()).isEqualTo("{\"startSeconds\":5.0,\"endSeconds\":20.0,\"outcome\":\"succeeded\"}");
        JsonNode m1 = t.get("machines").get(0);
        assertThat(m1.get("id").asText()).isEqualTo("m1");
        assertThat(m1.get("bands").toString()).isEqualTo("[[0.0,6.0,\"started\",\"registry.fly.io/app:v1\"],"
                + "[6.0,8.0,\"replacing\",\"registry.fly.io/app:v2\"],[8.0,null,\"started\",\"registry.fly.io/app:v2\"]]");
        assertThat(m1.get("serving").toString()).isEqualTo("[[0.0,6.0],[9.0,30.0]]");
        JsonNode m2 = t.get("machines").get(1);
        assertThat(m2.get("actor").asText()).isEqualTo("flyctl");
        assertThat(m2.get("bands").toString()).isEqualTo("[[14.0,25.0,\"created\",\"registry.fly.io/app:v2\"]]");
        assertThat(m2.get("serving")).isEmpty();
        assertThat(t.get("zeroServing").toString()).isEqualTo("[[6.0,9.0]]");
        assertThat(t.get("serving").toString()).isEqualTo("[[0.0,1,1],[6.0,0,1],[9.0,1,1]]");
        assertThat(t.get("probes").toString()).isEqualTo("[[10.5,\"failed\",0.5],[29.9,\"ok\",0.1]]");
        assertThat(t.get("steps").toString()).isEqualTo("[[6.0,\"updateMachine\",\"m1\",\"in place </script><b>x</b>\"]]");
        assertThat(t.get("faults").toString())
                .isEqualTo("[{\"from\":10.0,\"to\":12.0,\"fault\":\"api-errors\",\"target\":\"api\",\"detail\":\"rate 0.2\"}]");
    }

    @Test
    void aRealRunHasOneContiguousRowPerMachineAndTheServingTimelineOfItsLog() {
        DeployRun run = Fixtures.real("rolling", 3, 1);
        ObjectNode t = RunTimeline.json(run);
        long launched = run.log().ofType(dev.deploysim.sim.observe.Observation.MachineLaunched.class).size();
        assertThat(t.get("machines")).hasSize((int) launched);
        for (JsonNode m : t.get("machines")) {
            JsonNode bands = m.get("bands");
            for (int i = 1; i < bands.size(); i++) {
                assertThat(bands.get(i).get(0).asDouble()).as(m.get("id") + " band " + i + " starts where the last ended")
                        .isEqualTo(bands.get(i - 1).get(1).asDouble());
            }
        }
        ServingTimeline timeline = ServingTimeline.of(run.log());
        assertThat(t.get("serving")).hasSize(timeline.steps().size());
        assertThat(t.get("zeroServing").size() > 0).isEqualTo(run.metrics().zeroServingSeconds() > 0);
        assertThat(t.get("probes")).hasSize((int) run.metrics().probes().sent());
        assertThat(t.get("deploy").get("outcome").asText()).isEqualTo(run.outcomeName());
    }
}
