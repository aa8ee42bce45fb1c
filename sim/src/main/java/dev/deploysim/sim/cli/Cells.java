package dev.deploysim.sim.cli;

import dev.deploysim.sim.report.CompareReport;
import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Scenario;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenarios as compare rows, on the compare sweep: each scenario is a cell run over the seeds
 * {@code firstSeed ..}, the same for every cell (common random numbers), and equal scenarios run
 * once. What {@code sensitivity} and {@code --robust} share.
 */
final class Cells {
    private Cells() {
    }

    /**
     * The row of each of {@code scenarios}, in the order given.
     *
     * @param progressTo where to draw the progress bar, or null for none
     * @param forced whether the bar was asked for ({@code --progress}) rather than chosen for a terminal
     */
    static List<CompareRow> rows(Runner runner, PromiseCheck promises, RunnerActions.Environment environment,
                                 List<Scenario> scenarios, int seeds, long firstSeed, PrintWriter progressTo, boolean forced) {
        Map<Scenario, Integer> index = new HashMap<>();
        List<Sweep.Planned> plan = new ArrayList<>();
        List<Integer> cellOf = new ArrayList<>();
        for (Scenario s : scenarios) {
            Integer c = index.get(s);
            if (c == null) {
                c = plan.size();
                index.put(s, c);
                List<Scenario> runs = new ArrayList<>();
                for (int i = 0; i < seeds; i++) {
                    runs.add(s.withSeed(firstSeed + i));
                }
                int machines = s.app().groups().isEmpty() ? 0 : s.app().groups().get(0).started();
                plan.add(new Sweep.Planned(s.strategy().name(), machines, runs));
            }
            cellOf.add(c);
        }
        Sweep sweep = new Sweep(runner, promises, plan, environment.threads());
        Progress progress = new Progress(progressTo, progressTo != null && (forced || environment.stderrIsTerminal()), forced,
                sweep.total());
        boolean complete;
        try {
            complete = sweep.run(progress::update);
        } finally {
            progress.clear();
        }
        if (!complete) {
            // only an interrupt stops a sweep early; no report is written from part of the points
            throw new IllegalStateException("interrupted after " + sweep.done() + " of " + sweep.total() + " runs; nothing was written");
        }
        List<CompareRow> cellRows = new ArrayList<>();
        for (CompareReport.Cell c : sweep.finishedCells()) {
            cellRows.add(c.row());
        }
        List<CompareRow> out = new ArrayList<>();
        for (int c : cellOf) {
            out.add(cellRows.get(c));
        }
        return out;
    }
}
