package dev.deploysim.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportTest {

    @Test
    void resultJsonHasTheFixedFieldsFromTheRunAndEchoesTheScenario() {
        DeployRun run = Fixtures.handBuilt();
        RunSummary s = RunSummary.of(run, run.violations(), 1);
        ObjectNode json = RunReport.json(s, Fixtures.LOADER.toTree(run.scenario()));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsSubsequence("strategy", "seed", "machines", "outcome", "deploySeconds", "minServing",
                "zeroServingSeconds", "probes", "peakMachines", "machineSeconds", "violations", "traceHash", "scenario");
        assertThat(json.get("strategy").asText()).isEqualTo("rolling");
        assertThat(json.get("machines").asInt()).isEqualTo(1);
        assertThat(json.get("outcome").asText()).isEqualTo("succeeded");
        // hand-worked from the fixture's log: deploy 5-20 s, no machine serving 6-9 s
        assertThat(json.get("deploySeconds").asDouble()).isEqualTo(15.0);
        assertThat(json.get("minServing").asInt()).isZero();
        assertThat(json.get("zeroServingSeconds").asDouble()).isEqualTo(3.0);
        JsonNode probes = json.get("probes");
        assertThat(List.of(probes.get("sent").asInt(), probes.get("ok").asInt(), probes.get("slow").asInt(),
                probes.get("failed").asInt())).containsExactly(2, 1, 0, 1);
        assertThat(json.get("peakMachines").asInt()).isEqualTo(2);
        // 1 machine 5-14 s, 2 machines 14-20 s: 9 + 12 machine-seconds
        assertThat(json.get("machineSeconds").asDouble()).isEqualTo(21.0);
        JsonNode v = json.get("violations").get(0);
        assertThat(v.get("invariant").asText()).isEqualTo("never-zero-serving");
        assertThat(v.get("atSeconds").asDouble()).isEqualTo(6.0);
        assertThat(v.get("detail").asText()).isEqualTo("no machine serving from 6 s to 9 s");
        assertThat(v.get("promised").asBoolean()).isTrue();
        assertThat(json.get("traceHash").asText()).isEqualTo(run.traceHash()).hasSize(16);
        assertThat(Fixtures.LOADER.fromTree(json.get("scenario"), "echo", List.of())).isEqualTo(run.scenario());
    }

    @Test
    void csvIsAHeaderAndOneRowOfTheSameNumbers() {
        DeployRun run = Fixtures.handBuilt();
        List<String> lines = RunReport.csv(RunSummary.of(run, List.of(), 1)).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).split(",")).containsExactlyElementsOf(RunReport.CSV_COLUMNS);
        assertThat(lines.get(1)).isEqualTo("rolling,1,1,succeeded,15.0,0,3.0,2,1,0,1,2,21.0,1,0," + run.traceHash());
    }

    @Test
    void textSaysWhatWasCheckedAndMarksBrokenPromises() {
        DeployRun run = Fixtures.handBuilt();
        Violation v = run.violations().get(0);
        String broken = RunReport.text(RunSummary.of(run, List.of(v), 3));
        assertThat(broken).startsWith("rolling, 1 machine, seed 1, platform fly: succeeded in 15.0 s\n")
                .contains("  serving     at least 0 from the deploy's start on; 3.0 s with none serving\n")
                .contains("  probes      2 sent: 1 ok, 0 slow, 1 failed (50.00% failed)\n")
                .contains("  invariants  1 violated (1 promised by rolling)\n")
                .contains("    BROKEN PROMISE never-zero-serving at 6.0 s: no machine serving from 6 s to 9 s\n");
        assertThat(RunReport.text(RunSummary.of(run, List.of(), 3))).contains("    never-zero-serving at 6.0 s");
        assertThat(RunReport.text(RunSummary.of(run.withViolations(List.of()), List.of(), 0)))
                .contains("  invariants  not checked: this build has no invariant checkers\n");
        assertThat(RunReport.text(RunSummary.of(run.withViolations(List.of()), List.of(), 4)))
                .contains("  invariants  4 checked, none violated\n");
    }
}
