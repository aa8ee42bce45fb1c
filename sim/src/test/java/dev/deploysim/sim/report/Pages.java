package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.run.DeployRun;
import java.util.ArrayList;
import java.util.List;

/** Report pages built the way the CLI builds them, for the page tests. */
final class Pages {
    private Pages() {
    }

    static ObjectNode result(DeployRun run) {
        return RunReport.json(RunSummary.of(run, run.violations(), 1), Fixtures.LOADER.toTree(run.scenario()));
    }

    static String run(DeployRun run) {
        return HtmlReport.run(result(run), RunTimeline.json(run));
    }

    /** A small real comparison: two strategies at 1 and 2 machines, two seeds each. */
    static ObjectNode compareJson() {
        List<String> strategies = List.of("canary", "bluegreen");
        List<Integer> sizes = List.of(1, 2);
        List<CompareReport.Cell> cells = new ArrayList<>();
        for (String s : strategies) {
            for (int m : sizes) {
                List<RunSummary> runs = new ArrayList<>();
                for (long seed = 1; seed <= 2; seed++) {
                    DeployRun r = Fixtures.real(s, m, seed);
                    runs.add(RunSummary.of(r, r.violations(), 0));
                }
                cells.add(new CompareReport.Cell(s, m, runs));
            }
        }
        return CompareReport.json(new CompareReport.Setup("the built-in default scenario", "fly", strategies, sizes, 2, 1), cells,
                true, Fixtures.LOADER.toTree(Fixtures.LOADER.defaults()));
    }
}
