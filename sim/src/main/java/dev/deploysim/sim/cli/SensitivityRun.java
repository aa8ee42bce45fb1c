package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.report.HtmlReport;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.sensitivity.Parameter;
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
 * baseline's own value, a count rounded to the same number) run once. With a threshold
 * parameter, {@link Tipping#find} bisects, one cell per value tried.
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

    int execute() {
        return request.threshold() == null ? tornado() : threshold();
    }

    private Tornado.Setup setup() {
        Scenario base = request.scenario();
        return new Tornado.Setup(request.source(), base.platform().describe(), base.strategy().name(), machines(base),
                request.seeds(), base.seed(), request.points(), request.metric());
    }

    private static int machines(Scenario s) {
        return s.app().groups().isEmpty() ? 0 : s.app().groups().get(0).started();
    }

    /** The row of each of {@code scenarios} (run once each when equal), in the order given. */
    private List<CompareRow> rows(List<Scenario> scenarios, boolean showProgress) {
        return Cells.rows(runner, promises, environment, scenarios, request.seeds(), request.scenario().seed(),
                showProgress ? err : null, request.progress());
    }

    private int tornado() {
        Scenario base = request.scenario();
        List<Scenario> scenarios = new ArrayList<>();
        scenarios.add(base);
        List<List<Double>> values = new ArrayList<>();
        for (Parameter p : request.parameters()) {
            List<Double> pts = p.points(request.points());
            values.add(pts);
            for (double v : pts) {
                scenarios.add(p.apply(base, v));
            }
        }
        List<CompareRow> rows = rows(scenarios, true);
        List<Tornado.Series> series = new ArrayList<>();
        int k = 1;
        for (int i = 0; i < request.parameters().size(); i++) {
            Parameter p = request.parameters().get(i);
            List<Tornado.Point> points = new ArrayList<>();
            for (double v : values.get(i)) {
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
            CompareRow row = rows(List.of(p.apply(base, v)), false).get(0);
            return new Tipping.Step(p.normalise(v), request.verdict().holds(row), request.verdict().metric().of(row));
        });
        ObjectNode json = t.json();
        json.put("scenarioSource", request.source());
        json.put("platform", base.platform().describe());
        json.put("strategy", base.strategy().name());
        json.put("machines", machines(base));
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
