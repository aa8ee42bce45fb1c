package dev.deploysim.sim.report;

import static dev.deploysim.sim.report.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareReportTest {
    private final CompareReport.Setup setup = new CompareReport.Setup("the built-in default scenario", "fly",
            List.of("rolling", "bluegreen"), List.of(1, 3), 2, 7);

    private List<CompareReport.Cell> cells() {
        List<CompareReport.Cell> cells = new ArrayList<>();
        for (String s : setup.strategies()) {
            for (int m : setup.machines()) {
                cells.add(new CompareReport.Cell(s, m, List.of(
                        summary("succeeded", 10 * m, s.equals("rolling") && m == 1 ? 4 : 0, m == 1 ? 0 : 1, m, 10, 0, List.of(), List.of()),
                        summary("succeeded", 12 * m, 0, m, m + 1, 20, 2, List.of(), List.of()))));
            }
        }
        return cells;
    }

    @Test
    void compareJsonHasTheFixedFieldNamesRowsInOrderAndEveryRun() {
        ObjectNode json = CompareReport.json(setup, cells(), true, null);
        assertThat(json.get("rows")).hasSize(4);
        JsonNode row = json.get("rows").get(0);
        assertThat(fieldNames(row)).startsWith("strategy", "machines", "runs", "deploySeconds", "zeroServingSeconds",
                "runsWithZeroServing", "failedProbeRate", "minServing", "peakMachines", "machineSecondsMean");
        assertThat(fieldNames(row.get("deploySeconds"))).containsExactly("p50", "p95", "p99");
        assertThat(fieldNames(row.get("zeroServingSeconds"))).containsExactly("mean", "max");
        assertThat(row.get("strategy").asText()).isEqualTo("rolling");
        assertThat(row.get("machines").asInt()).isEqualTo(1);
        assertThat(row.get("zeroServingSeconds").get("mean").asDouble()).isEqualTo(2.0);
        assertThat(row.get("runsWithZeroServing").asInt()).isEqualTo(1);
        assertThat(row.get("failedProbeRate").asDouble()).isEqualTo(0.01);
        assertThat(json.get("rows").get(3).get("strategy").asText()).isEqualTo("bluegreen");
        assertThat(json.get("rows").get(3).get("machines").asInt()).isEqualTo(3);
        assertThat(json.get("runs")).hasSize(8);
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.has("scenario")).as("replay must not take a compare file for a result").isFalse();
    }

    @Test
    void csvAndTableCarryOneLinePerRow() {
        List<CompareRow> rows = cells().stream().map(CompareReport.Cell::row).toList();
        String csv = CompareReport.csv(rows, true);
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(String.join(",", CompareReport.CSV_COLUMNS));
        assertThat(lines.get(1)).startsWith("rolling,1,2,10.0,12.0,12.0,2.0,4.0,1,0.01,0,2,15.0,2,0,0,0,0,0,true");
        for (String l : lines) {
            assertThat(l.split(",", -1)).hasSize(CompareReport.CSV_COLUMNS.size());
        }
        String table = CompareReport.table(rows);
        List<String> t = table.lines().toList();
        assertThat(t.get(0)).startsWith("strategy   machines  succeeded  deploy p50");
        assertThat(t.get(1)).startsWith("rolling           1        2/2        10.0  12.0  12.0");
        assertThat(t.get(3)).isEmpty(); // a blank line between strategies
        assertThat(t.get(4)).startsWith("bluegreen         1");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
