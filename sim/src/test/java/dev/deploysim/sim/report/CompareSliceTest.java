package dev.deploysim.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.RunMetrics;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.scenario.ScenarioException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A slice file holds its runs exactly (rows merged from slices must equal rows computed from the
 * runs themselves), the sweep's canonical order is strategy, then size, then seed, and the shards
 * of a sweep partition its runs.
 */
class CompareSliceTest {
    private static final CompareReport.Setup SETUP = new CompareReport.Setup("the built-in default scenario", "fly",
            List.of("rolling", "bluegreen"), List.of(1, 3), 2, 7);

    private static ObjectNode base() {
        return Fixtures.LOADER.toTree(Fixtures.LOADER.defaults());
    }

    /** A summary whose every double needs all 17 digits and whose lists are not empty. */
    private static RunSummary awkward(long seed) {
        RunMetrics m = new RunMetrics(0.1 + 0.2, 2, 1.0 / 3, new ProbeStats(10, 6, 1, 3, 12_345, 999_999_999, Long.MAX_VALUE / 3),
                4, Math.PI * 1e5);
        List<Violation> v = List.of(new Violation("never-zero-serving", 123_456_789_012L, "no machine serving for 1.5 s, \"quoted\""),
                new Violation("lease-order", 1, "ünïcode \n newline"));
        return new RunSummary("rolling", seed, 3, "fly", "rolled_back", "error: <b>&</b>", m, v, v.subList(0, 1), 2, "0123456789abcdef");
    }

    @Test
    void aSliceReadsBackEveryRunBitForBit() {
        List<CompareSlice.Run> runs = new ArrayList<>();
        runs.add(new CompareSlice.Run("rolling", 3, awkward(7)));
        DeployRun real = Fixtures.real("bluegreen", 1, 8);
        runs.add(new CompareSlice.Run("bluegreen", 1, RunSummary.of(real, List.of(), 0)));
        CompareSlice slice = new CompareSlice(SETUP, base(), new Shard(2, 3), runs);

        CompareSlice back = CompareSlice.parse(slice.text(), "s.json");

        assertThat(back.runs()).isEqualTo(runs); // record equality: doubles compared bit for bit
        assertThat(back.setup()).isEqualTo(SETUP);
        assertThat(back.shard()).isEqualTo(new Shard(2, 3));
        // Trees compare node types (an int read back is not the long written), so compare the canonical text.
        assertThat(JsonText.print(back.baseScenario())).isEqualTo(JsonText.print(base()));
        assertThat(back.text()).isEqualTo(slice.text());
        assertThat(back.fingerprint()).isEqualTo(slice.fingerprint()).matches("[0-9a-f]{16}");
    }

    @Test
    void theFingerprintCoversTheSweepAndNothingElse() {
        CompareSlice a = new CompareSlice(SETUP, base(), new Shard(1, 2), List.of());
        CompareSlice otherShardSameSweep = new CompareSlice(SETUP, base(), new Shard(2, 2),
                List.of(new CompareSlice.Run("rolling", 3, awkward(7))));
        assertThat(otherShardSameSweep.fingerprint()).isEqualTo(a.fingerprint());

        List<CompareReport.Setup> others = List.of(
                new CompareReport.Setup("x.json", SETUP.platform(), SETUP.strategies(), SETUP.machines(), SETUP.seeds(), SETUP.firstSeed()),
                new CompareReport.Setup(SETUP.scenarioSource(), SETUP.platform(), List.of("bluegreen", "rolling"), SETUP.machines(), SETUP.seeds(),
                        SETUP.firstSeed()),
                new CompareReport.Setup(SETUP.scenarioSource(), SETUP.platform(), SETUP.strategies(), List.of(1, 2), SETUP.seeds(), SETUP.firstSeed()),
                new CompareReport.Setup(SETUP.scenarioSource(), SETUP.platform(), SETUP.strategies(), SETUP.machines(), 3, SETUP.firstSeed()),
                new CompareReport.Setup(SETUP.scenarioSource(), SETUP.platform(), SETUP.strategies(), SETUP.machines(), SETUP.seeds(), 8));
        for (CompareReport.Setup other : others) {
            assertThat(new CompareSlice(other, base(), new Shard(1, 2), List.of()).fingerprint()).as(other.toString())
                    .isNotEqualTo(a.fingerprint());
        }
        ObjectNode changed = base();
        ((ObjectNode) changed.get("platform")).put("proxyRetries", 1);
        assertThat(new CompareSlice(SETUP, changed, new Shard(1, 2), List.of()).fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void runIndexCountsSeedsWithinSizesWithinStrategies() {
        // 2 strategies x 2 sizes x 2 seeds (7, 8): rolling/1 -> 0,1; rolling/3 -> 2,3; bluegreen/1 -> 4,5; bluegreen/3 -> 6,7
        assertThat(CompareSlice.runIndex(SETUP, "rolling", 1, 7)).isZero();
        assertThat(CompareSlice.runIndex(SETUP, "rolling", 1, 8)).isEqualTo(1);
        assertThat(CompareSlice.runIndex(SETUP, "rolling", 3, 7)).isEqualTo(2);
        assertThat(CompareSlice.runIndex(SETUP, "bluegreen", 1, 8)).isEqualTo(5);
        assertThat(CompareSlice.runIndex(SETUP, "bluegreen", 3, 8)).isEqualTo(7);
        assertThat(CompareSlice.totalRuns(SETUP)).isEqualTo(8);
        assertThat(CompareSlice.runIndex(SETUP, "canary", 1, 7)).isEqualTo(-1);
        assertThat(CompareSlice.runIndex(SETUP, "rolling", 2, 7)).isEqualTo(-1);
        assertThat(CompareSlice.runIndex(SETUP, "rolling", 1, 6)).isEqualTo(-1);
        assertThat(CompareSlice.runIndex(SETUP, "rolling", 1, 9)).isEqualTo(-1);
    }

    @Test
    void theShardsOfASweepOwnEveryRunExactlyOnceAndAboutEqually() {
        for (int count = 1; count <= 7; count++) {
            for (int total = 0; total <= 30; total++) {
                int[] owners = new int[total];
                long[] held = new long[count + 1];
                for (int i = 1; i <= count; i++) {
                    Shard s = new Shard(i, count);
                    for (int run = 0; run < total; run++) {
                        if (s.owns(run)) {
                            owners[run]++;
                            held[i]++;
                        }
                    }
                    assertThat(s.runsOf(total)).as("shard %s of %d runs", s, total).isEqualTo(held[i]);
                    assertThat(held[i]).isBetween((long) total / count, (long) total / count + 1);
                }
                for (int run = 0; run < total; run++) {
                    assertThat(owners[run]).as("run %d of %d, %d shards", run, total, count).isEqualTo(1);
                }
            }
        }
        assertThat(new Shard(2, 3).fileName()).isEqualTo("shard-2-of-3.json");
        assertThat(new Shard(2, 3)).hasToString("2/3");
        assertThatThrownBy(() -> new Shard(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shard(4, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDamagedSliceIsRefusedNamingTheFileAndTheField() {
        CompareSlice slice = new CompareSlice(SETUP, base(), new Shard(1, 1), List.of(new CompareSlice.Run("rolling", 3, awkward(7))));
        String text = slice.text();
        assertThatThrownBy(() -> CompareSlice.parse(text.replace("\"seeds\": 2", "\"seeds\": 3"), "s.json"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("fingerprint: ").hasMessageContaining("does not match the sweep the file describes");
        assertThatThrownBy(() -> CompareSlice.parse(text.replace("\"deploySeconds\":", "\"deploy\":"), "s.json"))
                .isInstanceOf(ScenarioException.class).hasMessage("runs[0].deploySeconds: missing; the file is not a complete slice: "
                        + "run its shard again");
        assertThatThrownBy(() -> CompareSlice.parse(text.replace("\"sent\":10", "\"sent\":11"), "s.json"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("runs[0].probes: sent (11) must equal ok + slow + failed");
        assertThatThrownBy(() -> CompareSlice.parse("{\"rows\": []}", "compare.json"))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).oneLineMessage())
                        .isEqualTo("compare.json: format: not a compare slice (a file 'deploysim compare --shard I/N --out DIR' writes)"));
        assertThatThrownBy(() -> CompareSlice.parse(text.substring(0, text.length() / 2), "s.json"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("the text ends early");
    }
}
