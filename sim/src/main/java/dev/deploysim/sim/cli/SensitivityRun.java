package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.report.HtmlReport;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.sensitivity.Parameter;
import dev.deploysim.sim.sensitivity.SensitivitySlice;
import dev.deploysim.sim.sensitivity.Tipping;
import dev.deploysim.sim.sensitivity.Tornado;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code sensitivity} invocation on the compare sweep ({@link Sweep}): every point of every
 * parameter is a cell of the base scenario's strategy and size with that parameter set, over the
 * same seeds (common random numbers: a run's draws come from named streams, so a point differs
 * from the baseline only through the parameter). Points that give the same scenario (the
 * baseline's own value, a count rounded to the same number) run once. With a shard, only the runs
 * it owns are run and written as a {@link SensitivitySlice}; {@link #merged} reports the runs of
 * every slice through the same code as the unsharded tornado. With a threshold parameter,
 * {@link Tipping#find} bisects, one cell per value tried.
 */
final class SensitivityRun {
    private final Runner runner;
    private final PromiseCheck promises;
    private final RunnerActions.Environment environment;
    private final Requests.Sensitivity request;
    private final PrintWriter out;
    private final PrintWriter err;

    SensitivityRun(Runner runner, PromiseCheck promises, RunnerActions.Environment environment, Requests.Sensitivity request,
                   PrintWriter out, PrintWriter err) {
        this.runner = runner;
        this.promises = promises;
        this.environment = environment;
        this.request = request;
        this.out = out;
        this.err = err;
    }

    int execute(ScenarioLoader loader) {
        if (request.threshold() != null) {
            return threshold();
        }
        Plan plan = plan();
        List<List<RunSummary>> runs = Cells.run(runner, promises, environment, plan.distinct().cells(), request.seeds(),
                request.scenario().seed(), request.shard(), err, request.progress());
        return request.shard() == null ? report(plan, runs) : writeSlice(loader, plan, runs);
    }

    /**
     * The tornado's points: the baseline, then every parameter's points in order; and the distinct
     * scenarios among them, the sweep's cells, each named by the first point that gave it.
     */
    private record Plan(List<List<Double>> values, Cells.Distinct distinct, List<String> cellNames) {
    }

    private Plan plan() {
        Scenario base = request.scenario();
        List<Scenario> scenarios = new ArrayList<>();
        List<String> names = new ArrayList<>();
        scenarios.add(base);
        names.add("baseline");
        List<List<Double>> values = new ArrayList<>();
        for (Parameter p : request.parameters()) {
            List<Double> pts = p.points(request.points());
            values.add(pts);
            for (double v : pts) {
                scenarios.add(p.apply(base, v));
                names.add(p.path() + "=" + v);
            }
        }
        Cells.Distinct d = Cells.distinct(scenarios);
        List<String> cellNames = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            if (d.cellOf().get(i) == cellNames.size()) {
                cellNames.add(names.get(i));
            }
        }
        return new Plan(values, d, cellNames);
    }

    private Tornado.Setup setup() {
        Scenario base = request.scenario();
        return new Tornado.Setup(request.source(), base.platform().describe(), base.strategy().name(), Cells.machines(base),
                request.seeds(), base.seed(), request.points(), request.metric());
    }

    /** The sweep a slice records: what decides the report, and this build's trace hash of the baseline's first run. */
    private SensitivitySlice.Sweep sweep(ScenarioLoader loader, Plan plan, String simulator) {
        List<SensitivitySlice.Range> ranges = new ArrayList<>();
        for (Parameter p : request.parameters()) {
            ranges.add(new SensitivitySlice.Range(p.path(), p.low(), p.high()));
        }
        return new SensitivitySlice.Sweep(setup(), ranges, request.fixed(), plan.cellNames(), simulator,
                loader.toTree(request.scenario()));
    }

    /** The trace hash of the baseline's first run: what identifies the simulator a slice was run by. */
    private String simulator() {
        DeployRun run = runner.run(request.scenario().withSeed(request.scenario().seed()));
        return RunSummary.of(run, promises.promised(run), runner.checkers().size()).traceHash();
    }

    private int writeSlice(ScenarioLoader loader, Plan plan, List<List<RunSummary>> runs) {
        Shard shard = request.shard();
        List<SensitivitySlice.Run> own = new ArrayList<>();
        for (int c = 0; c < runs.size(); c++) {
            for (RunSummary r : runs.get(c)) {
                own.add(new SensitivitySlice.Run(c, r));
            }
        }
        SensitivitySlice slice = new SensitivitySlice(sweep(loader, plan, simulator()), shard, own);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(shard.fileName(), slice.text());
        OutFiles.write(request.outDir(), files);
        int cells = plan.distinct().cells().size();
        out.println("deploysim sensitivity: shard " + shard + " of " + cells + (cells == 1 ? " point" : " points") + " x "
                + request.seeds() + (request.seeds() == 1 ? " seed" : " seeds") + " = " + slice.totalRuns() + " runs, "
                + setup().line() + ": " + own.size() + (own.size() == 1 ? " run" : " runs"));
        out.println("slice written to " + request.outDir().resolve(shard.fileName()) + " (sweep fingerprint " + slice.fingerprint()
                + "); merge all " + shard.count() + " with 'deploysim sensitivity --merge DIR...'");
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Reports the slices of a sharded tornado as the unsharded run reports it: the sweep is planned
     * again from what the slices record, the runs laid into its cells, and the report written by
     * the same code.
     *
     * @throws ScenarioException when this build plans the recorded sweep into other cells than the
     *     build that ran the shards
     */
    static int merged(ScenarioLoader loader, Runner runner, PromiseCheck promises, RunnerActions.Environment environment,
                      Requests.SensitivityMerge request, PrintWriter out, PrintWriter err) {
        SliceMerge.Merged<SensitivitySlice> m = SliceMerge.merge(SliceMerge.read(request.inputs(), "sensitivity",
                SensitivitySlice::parse), SliceMerge::difference);
        SensitivitySlice.Sweep sweep = m.first().slice().sweep();
        Tornado.Setup s = sweep.setup();
        String from = m.first().file() + " (its sweep.baseScenario)";
        Scenario base = loader.bind(sweep.baseScenario(), from, List.of());
        List<Parameter> parameters = new ArrayList<>();
        for (SensitivitySlice.Range r : sweep.parameters()) {
            parameters.add(dev.deploysim.sim.sensitivity.Parameters.of(r.path(), r.low(), r.high(), base, "--merge"));
        }
        Requests.Sensitivity again = new Requests.Sensitivity(base, s.source(), s.seeds(), s.points(), s.metric(), parameters,
                sweep.notVaried(), null, dev.deploysim.sim.sensitivity.Verdict.SOME_ZERO_SERVING, request.width(),
                request.outDir(), request.json(), false, null);
        SensitivityRun run = new SensitivityRun(runner, promises, environment, again, out, err);
        Plan plan = run.plan();
        if (!plan.cellNames().equals(sweep.cells())) {
            int at = 0;
            while (at < Math.min(plan.cellNames().size(), sweep.cells().size()) && plan.cellNames().get(at).equals(sweep.cells().get(at))) {
                at++;
            }
            throw new ScenarioException("--merge", "this build plans the sweep into " + plan.cellNames().size() + " points, the slices into "
                    + sweep.cells().size() + " (first difference at point " + at + "); merge with the build that ran the shards");
        }
        List<List<RunSummary>> runs = new ArrayList<>();
        for (int c = 0; c < sweep.cells().size(); c++) {
            runs.add(m.runs().subList(c * s.seeds(), (c + 1) * s.seeds()));
        }
        return run.report(plan, runs);
    }

    /** The tornado of every cell's runs: text or JSON on {@code out}, and the files under {@code --out}. */
    private int report(Plan plan, List<List<RunSummary>> runs) {
        Scenario base = request.scenario();
        List<CompareRow> cellRows = Cells.rows(plan.distinct().cells(), runs);
        List<CompareRow> rows = new ArrayList<>();
        for (int c : plan.distinct().cellOf()) {
            rows.add(cellRows.get(c));
        }
        List<Tornado.Series> series = new ArrayList<>();
        int k = 1;
        for (int i = 0; i < request.parameters().size(); i++) {
            Parameter p = request.parameters().get(i);
            List<Tornado.Point> points = new ArrayList<>();
            for (double v : plan.values().get(i)) {
                points.add(new Tornado.Point(v, rows.get(k++)));
            }
            series.add(new Tornado.Series(p, p.valueIn(base), points));
        }
        Tornado t = new Tornado(setup(), rows.get(0), series, request.fixed());
        ObjectNode json = t.json();
        String written = null;
        if (request.outDir() != null) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("sensitivity.json", JsonText.print(json));
            files.put("sensitivity.csv", t.csv());
            files.put("report.html", HtmlReport.sensitivity(json));
            written = OutFiles.write(request.outDir(), files);
        }
        if (request.json()) {
            out.print(JsonText.print(json));
        } else {
            out.print(t.text(request.width()));
            if (written != null) {
                out.println();
                out.println("report written to " + request.outDir() + "/ (" + written + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private int threshold() {
        Scenario base = request.scenario();
        Parameter p = request.threshold();
        Tipping t = Tipping.find(p, request.verdict(), v -> {
            CompareRow row = Cells.rows(runner, promises, environment, List.of(p.apply(base, v)), request.seeds(), base.seed(),
                    null, request.progress()).get(0);
            return new Tipping.Step(p.normalise(v), request.verdict().holds(row), request.verdict().metric().of(row));
        });
        ObjectNode json = t.json();
        json.put("scenarioSource", request.source());
        json.put("platform", base.platform().describe());
        json.put("strategy", base.strategy().name());
        json.put("machines", Cells.machines(base));
        json.put("seeds", request.seeds());
        json.put("firstSeed", base.seed());
        String written = null;
        if (request.outDir() != null) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("threshold.json", JsonText.print(json));
            written = OutFiles.write(request.outDir(), files);
        }
        if (request.json()) {
            out.print(JsonText.print(json));
        } else {
            Tornado.Setup s = setup();
            out.println("deploysim sensitivity --find-threshold " + p.path() + ": " + s.line());
            out.println();
            out.println(t.sentence());
            if (written != null) {
                out.println();
                out.println("written to " + request.outDir() + "/ (" + written + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
