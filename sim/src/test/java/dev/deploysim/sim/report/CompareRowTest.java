package dev.deploysim.sim.report;

import static dev.deploysim.sim.report.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.sim.run.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareRowTest {

    @Test
    void aggregatesFourHandWorkedRuns() {
        Violation v = new Violation("never-zero-serving", 7_000_000_000L, "none serving");
        List<RunSummary> runs = List.of(
                summary("succeeded", 10, 0, 2, 3, 100, 0, List.of(), List.of()),
                summary("rolled_back", 40, 2.5, 0, 4, 200, 10, List.of(v), List.of(v)),
                summary("failed", 20, 0, 1, 3, 300, 0, List.of(v), List.of()),
                summary("unfinished", 30, 1.5, 3, 4, 400, 5, List.of(), List.of()));
        CompareRow r = CompareRow.of("rolling", 3, runs);
        // deploy sorted: 10 20 30 40; nearest rank: p50 = 2nd, p95 = ceil(3.8) = 4th, p99 = 4th
        assertThat(r.deploySeconds()).isEqualTo(new CompareRow.Percentiles(20, 40, 40));
        assertThat(r.zeroServingSeconds()).isEqualTo(new CompareRow.MeanMax(1.0, 2.5));
        assertThat(r.runsWithZeroServing()).isEqualTo(2);
        assertThat(r.failedProbeRate()).isEqualTo(15.0 / 400);
        assertThat(r.minServing()).isZero();
        assertThat(r.peakMachines()).isEqualTo(4);
        assertThat(r.machineSecondsMean()).isEqualTo(250);
        assertThat(r.outcomes()).isEqualTo(new CompareRow.Outcomes(1, 1, 1, 1));
        assertThat(r.runsWithViolations()).isEqualTo(2);
        assertThat(r.runsWithBrokenPromises()).isEqualTo(1);
        assertThat(r.runs()).isEqualTo(4);
    }

    @Test
    void percentilesAreNearestRankValuesOfTheRuns() {
        List<RunSummary> runs = new ArrayList<>();
        for (int i = 20; i >= 1; i--) {
            runs.add(summary("succeeded", i, 0, 1, 1, 1, 0, List.of(), List.of()));
        }
        // 1..20: p50 = 10th value, p95 = ceil(19) = 19th, p99 = ceil(19.8) = 20th
        assertThat(CompareRow.of("x", 1, runs).deploySeconds()).isEqualTo(new CompareRow.Percentiles(10, 19, 20));
        assertThat(CompareRow.of("x", 1, runs.subList(0, 1)).deploySeconds()).isEqualTo(new CompareRow.Percentiles(20, 20, 20));
    }

    @Test
    void aRowNeedsRuns() {
        assertThatThrownBy(() -> CompareRow.of("x", 1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
