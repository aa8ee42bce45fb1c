package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyChoice;
import dev.deploysim.sim.sensitivity.Parameters;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --robust}: whether each row's verdict, (zero serving yes/no, promises kept yes/no), is
 * the same under every named profile as under the scenario's own platform. For a profile that
 * flips it, the platform fields where that profile differs are moved to its value one at a time,
 * in {@code PlatformConfig}'s order, and the first whose change alone flips the verdict is named
 * (none when only a combination does). Every cell runs the row's seeds (common random numbers).
 */
final class Robustness {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A row's verdict. */
    record Verdict(boolean zeroServing, boolean promisesKept) {
        static Verdict of(CompareRow r) {
            return new Verdict(r.runsWithZeroServing() > 0, r.runsWithBrokenPromises() == 0);
        }

        String text() {
            return (zeroServing ? "zero serving" : "never zero serving") + ", " + (promisesKept ? "promises kept" : "promises broken");
        }
    }

    private final ScenarioLoader loader;
    private final Runner runner;
    private final PromiseCheck promises;
    private final RunnerActions.Environment environment;
    private final Requests.Robust request;
    private final PrintWriter out;
    private final PrintWriter err;

    Robustness(ScenarioLoader loader, Runner runner, PromiseCheck promises, RunnerActions.Environment environment,
               Requests.Robust request, PrintWriter out, PrintWriter err) {
        this.loader = loader;
        this.runner = runner;
        this.promises = promises;
        this.environment = environment;
        this.request = request;
        this.out = out;
        this.err = err;
    }

    /** {@code s} as row (strategy, size) runs it; with no sizes, the app as it is. */
    private Scenario sized(Scenario s, String strategy, Integer machines) {
        StrategyChoice choice = s.strategy().name().equals(strategy) ? s.strategy()
                : loader.catalog().resolve("strategy", strategy, new TreeMap<>());
        Scenario t = s.withStrategy(choice);
        return machines == null ? t : t.withApp(RunnerActions.withStarted(t.app(), machines));
    }

    private record Row(String strategy, Integer machines) {
        String label() {
            return strategy + (machines == null ? "" : " at " + machines + (machines == 1 ? " machine" : " machines"));
        }
    }

    /** What the check found: the JSON ({@code robustness.json}, and the {@code robustness} member of --json) and the text lines. */
    record Result(ObjectNode json, List<String> lines) {
        Result {
            lines = List.copyOf(lines);
        }
    }

    /** The text after the report: a blank line, the verdicts, and with --out robustness.json written. */
    int execute() {
        Result r = evaluate();
        out.println();
        r.lines().forEach(out::println);
        if (request.outDir() != null) {
            out.println("robustness written to " + request.outDir() + "/ (" + write(r) + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** For --json: the verdicts as JSON, robustness.json written under --out; nothing printed. */
    ObjectNode json() {
        Result r = evaluate();
        if (request.outDir() != null) {
            write(r);
        }
        return r.json();
    }

    private String write(Result r) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("robustness.json", JsonText.print(r.json()));
        return OutFiles.write(request.outDir(), files);
    }

    Result evaluate() {
        List<String> lines = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (String s : request.strategies()) {
            if (request.machines().isEmpty()) {
                rows.add(new Row(s, null));
            }
            for (int m : request.machines()) {
                rows.add(new Row(s, m));
            }
        }
        List<String> names = new ArrayList<>(request.profiles().keySet());
        // Phase 1: every row under its own platform and under each profile.
        List<Scenario> first = new ArrayList<>();
        for (Row r : rows) {
            first.add(sized(request.base(), r.strategy(), r.machines()));
            for (String p : names) {
                first.add(sized(request.profiles().get(p), r.strategy(), r.machines()));
            }
        }
        List<CompareRow> results = rows(first);
        // Phase 2: for each profile that flips a row, each differing field alone.
        record Probe(int row, String profile, String field) {
        }
        List<Probe> probes = new ArrayList<>();
        List<Scenario> second = new ArrayList<>();
        int stride = names.size() + 1;
        for (int i = 0; i < rows.size(); i++) {
            Verdict base = Verdict.of(results.get(i * stride));
            Scenario own = first.get(i * stride);
            for (int k = 0; k < names.size(); k++) {
                if (Verdict.of(results.get(i * stride + 1 + k)).equals(base)) {
                    continue;
                }
                Scenario other = first.get(i * stride + 1 + k);
                for (String field : Parameters.differing(own.platform(), other.platform())) {
                    probes.add(new Probe(i, names.get(k), field));
                    second.add(own.withPlatform(Parameters.transplant(field, other.platform(), own.platform())));
                }
            }
        }
        List<CompareRow> flips = rows(second);
        ObjectNode json = F.objectNode();
        json.put("command", request.command());
        json.put("platform", request.base().platform().describe());
        json.put("seeds", request.seeds());
        json.put("firstSeed", request.base().seed());
        ArrayNode profilesJson = json.putArray("profiles");
        names.forEach(profilesJson::add);
        ArrayNode rowsJson = json.putArray("rows");
        lines.add("robustness: each row's verdict (zero serving yes/no, promises kept) on " + request.base().platform().describe()
                + " and with the scenario re-based on " + String.join(", ", names) + " (" + request.seeds()
                + (request.seeds() == 1 ? " seed" : " seeds") + ")");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Verdict base = Verdict.of(results.get(i * stride));
            ObjectNode rj = rowsJson.addObject();
            rj.put("strategy", r.strategy());
            if (r.machines() != null) {
                rj.put("machines", r.machines());
            }
            rj.put("zeroServing", base.zeroServing());
            rj.put("promisesKept", base.promisesKept());
            ArrayNode flipped = rj.putArray("flippedBy");
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                Verdict v = Verdict.of(results.get(i * stride + 1 + k));
                if (v.equals(base)) {
                    continue;
                }
                String firstField = null;
                for (int q = 0; q < probes.size(); q++) {
                    Probe pr = probes.get(q);
                    if (pr.row() == i && pr.profile().equals(names.get(k)) && !Verdict.of(flips.get(q)).equals(base)) {
                        firstField = pr.field();
                        break;
                    }
                }
                ObjectNode f = flipped.addObject();
                f.put("profile", names.get(k));
                f.put("zeroServing", v.zeroServing());
                f.put("promisesKept", v.promisesKept());
                if (firstField == null) {
                    f.putNull("firstParameter");
                } else {
                    f.put("firstParameter", firstField);
                }
                parts.add(names.get(k) + ": " + v.text() + " (" + (firstField == null
                        ? "no single parameter flips it alone"
                        : "first parameter that flips it: " + firstField) + ")");
            }
            rj.put("robust", parts.isEmpty());
            lines.add("  " + r.label() + ": " + (parts.isEmpty() ? "robust: " + base.text() + " under every profile"
                    : "NOT robust: " + base.text() + "; " + String.join("; ", parts)));
        }
        return new Result(json, lines);
    }

    private List<CompareRow> rows(List<Scenario> scenarios) {
        return Cells.rows(runner, promises, environment, scenarios, request.seeds(), request.base().seed(), err, false);
    }
}
