package dev.deploysim.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.run.Violation;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The aggregate timeline of a large run, against the log replayed literally: at every column's
 * instant the stacked counts are the machines in each state on each image, the serving point is
 * the lowest serving count within the column, and the rows are machines with a reason to be
 * shown, among them the machines a violation names and those serving at a zero-serving edge.
 */
class AggregateTimelineTest {

    /**
     * On the adverse profile: these cases need immediate to drop every machine at once (the pull in
     * the gap); on fly each machine's old version serves through its own pull, so the drops overlap less.
     */
    private static DeployRun standard(String strategy, int machines, long seed) {
        return Runners.standard().run(Fixtures.LOADER.defaults().withSeed(seed)
                .withStrategy(Fixtures.LOADER.catalog().resolve("strategy", strategy, new TreeMap<>()))
                .withApp(AppSpec.web(machines)).withPlatform(dev.deploysim.sim.platform.PlatformProfile.ADVERSE.config()));
    }

    /** state|image of every machine not destroyed after all observations at or before {@code t}. */
    private static TreeMap<String, Integer> literalCounts(DeployRun run, long t) {
        TreeMap<String, String> state = new TreeMap<>();
        TreeMap<String, String> image = new TreeMap<>();
        for (Observation o : run.log()) {
            if (o.atNanos() > t) {
                break;
            }
            switch (o) {
                case Observation.MachineLaunched l -> {
                    state.put(l.machineId(), l.state().apiName());
                    image.put(l.machineId(), l.image());
                }
                case Observation.MachineStateChanged c -> {
                    if (state.containsKey(c.machineId())) {
                        state.put(c.machineId(), c.to().apiName());
                        image.put(c.machineId(), c.image());
                    }
                }
                case Observation.MachineDestroyed d -> state.put(d.machineId(), MachineState.DESTROYED.apiName());
                default -> { }
            }
        }
        TreeMap<String, Integer> out = new TreeMap<>();
        state.forEach((id, s) -> {
            if (!s.equals(MachineState.DESTROYED.apiName())) {
                out.merge(s + "|" + image.get(id), 1, Integer::sum);
            }
        });
        return out;
    }

    @Test
    void aSmallRunKeepsARowPerMachineAndNoAggregate() {
        ObjectNode t = RunTimeline.json(Fixtures.real("rolling", RunTimeline.AGGREGATE_ABOVE, 1));
        assertThat(t.get("aggregate").isNull()).isTrue();
        assertThat(t.get("machines")).hasSize(RunTimeline.AGGREGATE_ABOVE);
    }

    @Test
    void countsByStateAndImageAreTheLogsAtEveryColumn() {
        DeployRun run = Fixtures.real("bluegreen", 60, 2);
        ObjectNode t = RunTimeline.json(run);
        JsonNode a = t.get("aggregate");
        assertThat(a.get("machineCount").asInt()).isEqualTo(120); // 60 blue, 60 green
        JsonNode series = a.get("series");
        JsonNode counts = a.get("counts");
        assertThat(counts).hasSize(RunTimeline.COLUMNS + 1);
        long end = run.endNanos(); // the page's endSeconds is rounded to the millisecond
        for (int c = 0; c <= RunTimeline.COLUMNS; c++) {
            long at = Math.round((double) end * c / RunTimeline.COLUMNS);
            TreeMap<String, Integer> expected = literalCounts(run, at);
            TreeMap<String, Integer> drawn = new TreeMap<>();
            for (int s = 0; s < series.size(); s++) {
                int n = counts.get(c).get(s + 1).asInt();
                if (n > 0) {
                    drawn.put(series.get(s).get(0).asText() + "|" + series.get(s).get(1).asText(), n);
                }
            }
            assertThat(drawn).as("column %d at %d ns", c, at).isEqualTo(expected);
        }
        // bottom of the stack: started machines of the current image
        assertThat(series.get(0).toString()).isEqualTo("[\"started\",\"" + run.scenario().app().currentImage() + "\"]");
    }

    @Test
    void theServingPointOfAColumnIsItsLowestCount() {
        DeployRun run = standard("immediate", 80, 1);
        ObjectNode t = RunTimeline.json(run);
        ServingTimeline timeline = ServingTimeline.of(run.log());
        JsonNode serving = t.get("serving");
        assertThat(serving).hasSize(RunTimeline.COLUMNS);
        long end = run.endNanos(); // the page's endSeconds is rounded to the millisecond
        for (int c = 0; c < RunTimeline.COLUMNS; c++) {
            long from = Math.round((double) end * c / RunTimeline.COLUMNS);
            long to = c + 1 == RunTimeline.COLUMNS ? end + 1 : Math.round((double) end * (c + 1) / RunTimeline.COLUMNS);
            int min = timeline.servingAt(from);
            for (ServingTimeline.Count k : timeline.counts()) {
                if (k.atNanos() > from && k.atNanos() < to) {
                    min = Math.min(min, k.serving());
                }
            }
            assertThat(serving.get(c).get(1).asInt()).as("column %d", c).isEqualTo(min);
        }
        // immediate drops every machine: the zero-serving window is kept exactly
        assertThat(t.get("zeroServing").size()).isPositive();
        assertThat(t.get("zeroServing").toString()).isEqualTo(RunTimeline.json(run).get("zeroServing").toString());
    }

    @Test
    void theRowsShownAreTheMachinesThatMatterWithTheirReasons() {
        DeployRun run = standard("immediate", 80, 1);
        ObjectNode t = RunTimeline.json(run);
        JsonNode rows = t.get("machines");
        assertThat(rows.size()).isBetween(1, RunTimeline.MAX_ROWS);
        assertThat(t.get("aggregate").get("rowsThatMatter").asInt()).isGreaterThanOrEqualTo(rows.size());
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode m : rows) {
            ids.add(m.get("id").asText());
            assertThat(m.get("why")).as(m.get("id").asText()).isNotEmpty();
        }
        // a machine a violation names is shown
        Violation probe = run.violations().stream().filter(v -> v.invariant().equals("probes-all-ok")
                && v.detail().matches(".*last [0-9a-f]+.*")).findFirst().orElseThrow();
        String named = probe.detail().replaceAll(".*last ([0-9a-f]+).*", "$1");
        assertThat(ids).contains(named);
        // the machines serving when serving first dropped to zero are shown
        ServingTimeline timeline = ServingTimeline.of(run.log());
        ServingTimeline.Interval first = timeline.zeroServingIntervals(run.deployStartNanos(), run.endNanos()).get(0);
        List<String> before = timeline.servingMachinesAt(first.startNanos() - 1);
        assertThat(before).isNotEmpty();
        assertThat(ids).containsAnyElementsOf(before);
        // steps: deploy-wide ones and those of shown machines only
        for (JsonNode s : t.get("steps")) {
            String machine = s.get(2).asText();
            assertThat(machine.isEmpty() || ids.contains(machine)).as(s.toString()).isTrue();
        }
    }
}
