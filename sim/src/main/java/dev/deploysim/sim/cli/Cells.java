package dev.deploysim.sim.cli;

import dev.deploysim.sim.report.CompareReport;
import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.report.Shard;
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
 * once. What {@code sensitivity} and {@code --robust} share. The distinct scenarios, in the order
 * first given, are the sweep's cells; its canonical order is cell by cell, seeds in order within
 * one, so run {@code i} of cell {@code c} is run {@code c * seeds + i}, and a {@link Shard} owns
 * the runs that position deals it, as in {@code compare}.
 */
final class Cells {
    private Cells() {
    }

    /**
     * The distinct scenarios of a list and where each scenario of it went.
     *
     * @param cells the distinct scenarios, in the order first given
     * @param cellOf for each scenario given, the index of its cell
     */
    record Distinct(List<Scenario> cells, List<Integer> cellOf) {
        Distinct {
            cells = List.copyOf(cells);
            cellOf = List.copyOf(cellOf);
        }
    }

    static Distinct distinct(List<Scenario> scenarios) {
        Map<Scenario, Integer> index = new HashMap<>();
        List<Scenario> cells = new ArrayList<>();
        List<Integer> cellOf = new ArrayList<>();
        for (Scenario s : scenarios) {
            Integer c = index.get(s);
            if (c == null) {
                c = cells.size();
                index.put(s, c);
                cells.add(s);
            }
            cellOf.add(c);
        }
        return new Distinct(cells, cellOf);
    }

    /**
     * The row of each of {@code scenarios}, in the order given.
     *
     * @param progressTo where to draw the progress bar, or null for none
     * @param forced whether the bar was asked for ({@code --progress}) rather than chosen for a terminal
     */
    static List<CompareRow> rows(Runner runner, PromiseCheck promises, RunnerActions.Environment environment,
                                 List<Scenario> scenarios, int seeds, long firstSeed, PrintWriter progressTo, boolean forced) {
        Distinct d = distinct(scenarios);
        List<CompareRow> cellRows = rows(d.cells(), run(runner, promises, environment, d.cells(), seeds, firstSeed, null, progressTo,
                forced));
        List<CompareRow> out = new ArrayList<>();
        for (int c : d.cellOf()) {
            out.add(cellRows.get(c));
        }
        return out;
    }

    /** The row of each cell from its runs. */
    static List<CompareRow> rows(List<Scenario> cells, List<List<RunSummary>> runs) {
        List<CompareRow> out = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            Scenario s = cells.get(c);
            out.add(new CompareReport.Cell(s.strategy().name(), machines(s), runs.get(c)).row());
        }
        return out;
    }

    /**
     * Runs every cell over the seeds {@code firstSeed ..}, or with a shard only the runs it owns.
     *
     * @return for each cell, its runs (those the shard owns) in seed order
     * @throws IllegalStateException when interrupted before every run finished; nothing is reported then
     */
    static List<List<RunSummary>> run(Runner runner, PromiseCheck promises, RunnerActions.Environment environment,
                                      List<Scenario> cells, int seeds, long firstSeed, Shard shard, PrintWriter progressTo,
                                      boolean forced) {
        List<Sweep.Planned> plan = new ArrayList<>();
        long runIndex = 0;
        for (Scenario s : cells) {
            List<Scenario> runs = new ArrayList<>();
            for (int i = 0; i < seeds; i++, runIndex++) {
                if (shard == null || shard.owns(runIndex)) {
                    runs.add(s.withSeed(firstSeed + i));
                }
            }
            plan.add(new Sweep.Planned(s.strategy().name(), machines(s), runs));
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
        List<List<RunSummary>> out = new ArrayList<>();
        for (CompareReport.Cell c : sweep.finishedCells()) {
            out.add(c.runs());
        }
        return out;
    }

    static int machines(Scenario s) {
        return s.app().groups().isEmpty() ? 0 : s.app().groups().get(0).started();
    }
}
