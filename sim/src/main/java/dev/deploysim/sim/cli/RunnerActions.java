package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.report.CompareReport;
import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.report.CompareSlice;
import dev.deploysim.sim.report.HtmlReport;
import dev.deploysim.sim.report.RunReport;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.report.RunTimeline;
import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.report.TraceJsonl;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.FlyToml;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.verify.Exploration;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The simulation commands backed by the runner: {@code run} and {@code replay} run one scenario
 * and report it, {@code compare} sweeps strategies × sizes × seeds on a thread pool and reports
 * the rows (or, with a shard, writes one slice of them), {@code merge} reports the rows of slices
 * put back together, {@code explore} says what it is waiting for. Output goes to {@code out} (the report:
 * text or JSON) and {@code err} (fly.toml notes, the progress bar); reports under {@code --out}
 * are written atomically.
 */
final class RunnerActions implements Actions {

    /** How the sweep meets the machine it runs on. */
    record Environment(int threads, boolean stderrIsTerminal, boolean interruptible) {
        /** All cores, a progress bar when stderr is a terminal, Ctrl-C keeps finished rows. */
        static Environment ofProcess(boolean stderrIsTerminal) {
            return new Environment(Runtime.getRuntime().availableProcessors(), stderrIsTerminal, true);
        }

        /** For tests: fixed threads, no terminal, no shutdown hook. */
        static Environment quiet(int threads) {
            return new Environment(threads, false, false);
        }
    }

    private final ScenarioLoader loader;
    private final Runner runner;
    private final PromiseCheck promises;
    private final Environment environment;

    RunnerActions(ScenarioLoader loader, Runner runner, PromiseCheck promises, Environment environment) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.promises = Objects.requireNonNull(promises, "promises");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    // ------------------------------------------------------------------ run and replay

    /** A finished run and everything reported about it. */
    private record Reported(DeployRun run, RunSummary summary, ObjectNode json) {
    }

    private Reported runAndReport(Scenario scenario, List<String> checks, boolean forceProgress, PrintWriter err) {
        // A long single run shows how far it got on a terminal, as compare's sweep does.
        RunProgress progress = forceProgress || environment.stderrIsTerminal() ? new RunProgress(err, forceProgress, scenario)
                : null;
        DeployRun run;
        try {
            run = runner.run(scenario, progress);
        } finally {
            if (progress != null) {
                progress.clear();
            }
        }
        RunSummary summary = RunSummary.of(run, promises.promised(run), runner.checkers().size());
        ObjectNode json = RunReport.json(summary, loader.toTree(scenario));
        if (!checks.isEmpty()) {
            // what --check judged, before the echoed scenario: [{invariant, held}]
            JsonNode echoed = json.remove("scenario");
            ArrayNode checked = json.putArray("checked");
            for (String name : checks) {
                checked.addObject().put("invariant", name)
                        .put("held", run.violations().stream().noneMatch(v -> v.invariant().equals(name)));
            }
            json.set("scenario", echoed);
        }
        return new Reported(run, summary, json);
    }

    /** Exit code 1 of run and replay: a checked invariant violated under --check, else a broken promise. */
    private static boolean failed(Reported r, List<String> checks) {
        if (checks.isEmpty()) {
            return r.summary().brokePromise();
        }
        return !PromiseCheck.only(checks).promised(r.run()).isEmpty();
    }

    @Override
    public int run(Requests.Run request, PrintWriter out, PrintWriter err) {
        Reported r = runAndReport(request.scenario(), request.checks(), request.progress(), err);
        if (request.flyToml() != null) {
            r.json().set("flyToml", flyTomlJson(request.flyToml()));
        }
        String written = request.outDir() == null ? null : writeRun(request.outDir(), r);
        if (request.json()) {
            if (request.flyToml() != null) {
                flyTomlNotes(err, request.source(), request.flyToml());
            }
            out.print(JsonText.print(withRobustness(r.json(), request.robust(), err)));
        } else {
            if (request.flyToml() != null) {
                flyTomlNotes(out, request.source(), request.flyToml());
                out.println();
            }
            out.print(RunReport.text(r.summary()));
            if (!request.checks().isEmpty()) {
                out.println(Checks.line(request.checks(), r.run()));
            }
            if (written != null) {
                out.println("  report      " + request.outDir() + "/ (" + written + ")");
            }
        }
        out.flush();
        if (request.robust() != null && !request.json()) {
            robustness(request.robust(), out, err).execute();
        }
        return failed(r, request.checks()) ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    private Robustness robustness(Requests.Robust request, PrintWriter out, PrintWriter err) {
        return new Robustness(loader, runner, promises, environment, request, out, err);
    }

    /**
     * The JSON printed on stdout: {@code report} itself, or with {@code --robust} a copy with the
     * robustness verdicts as its last member, {@code robustness} (what robustness.json holds; the
     * report's own file under --out stays without it).
     */
    private ObjectNode withRobustness(ObjectNode report, Requests.Robust robust, PrintWriter err) {
        if (robust == null) {
            return report;
        }
        ObjectNode printed = report.deepCopy();
        printed.set("robustness", robustness(robust, null, err).json());
        return printed;
    }

    private static String writeRun(Path dir, Reported r) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("result.json", JsonText.print(r.json()));
        files.put("result.csv", RunReport.csv(r.summary()));
        files.put("trace.jsonl", TraceJsonl.of(r.run().log()));
        files.put("report.html", HtmlReport.run(r.json(), RunTimeline.json(r.run())));
        return OutFiles.write(dir, files);
    }

    @Override
    public int replay(Requests.Replay request, PrintWriter out, PrintWriter err) {
        Reported r = runAndReport(request.scenario(), request.checks(), false, err);
        String original = request.result() == null ? null : textOrNull(request.result().get("traceHash"));
        boolean mismatch = original != null && !original.equals(r.summary().traceHash());
        if (request.result() != null) {
            ObjectNode replay = r.json().putObject("replay");
            replay.put("file", request.file().toString());
            if (original == null) {
                replay.putNull("originalTraceHash");
                replay.putNull("matches");
            } else {
                replay.put("originalTraceHash", original);
                replay.put("matches", !mismatch);
            }
        }
        if (request.json()) {
            out.print(JsonText.print(r.json()));
        } else {
            out.print(RunReport.text(r.summary()));
            if (!request.checks().isEmpty()) {
                out.println(Checks.line(request.checks(), r.run()));
            }
            if (request.result() == null) {
                out.println("replayed " + request.file() + " (a scenario file): trace hash " + r.summary().traceHash());
            } else if (original == null) {
                out.println("replayed the scenario in " + request.file()
                        + ", which records no traceHash to compare with: trace hash " + r.summary().traceHash());
            } else if (mismatch) {
                out.println("REPLAY DIFFERS: " + request.file() + " recorded trace hash " + original + ", the replay gave "
                        + r.summary().traceHash()
                        + " (the file was edited, or this build simulates differently from the one that wrote it)");
            } else {
                out.println("replay matches " + request.file() + ": same trace hash " + original);
            }
        }
        out.flush();
        return mismatch || failed(r, request.checks()) ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private static ObjectNode flyTomlJson(FlyToml.Result report) {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ArrayNode used = o.putArray("used");
        report.used().forEach(used::add);
        ArrayNode defaulted = o.putArray("defaulted");
        report.defaulted().forEach(defaulted::add);
        ArrayNode ignored = o.putArray("ignored");
        report.ignored().forEach(ignored::add);
        return o;
    }

    private static void flyTomlNotes(PrintWriter w, String source, FlyToml.Result report) {
        w.println(source + ": read as fly.toml");
        section(w, "used", report.used());
        section(w, "defaulted", report.defaulted());
        section(w, "ignored", report.ignored());
    }

    private static void section(PrintWriter w, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        w.println(title + ":");
        for (String l : lines) {
            w.println("  " + l);
        }
    }

    // ------------------------------------------------------------------ compare

    @Override
    public int compare(Requests.Compare request, PrintWriter out, PrintWriter err) {
        if (request.flyToml() != null) {
            PrintWriter notes = request.json() ? err : out;
            flyTomlNotes(notes, request.source(), request.flyToml());
            notes.println();
            notes.flush();
        }
        int code = prepareCompare(request, out, err).execute();
        if (request.robust() != null && !request.json() && code == ExitCodes.OK) {
            robustness(request.robust(), out, err).execute();
        }
        return code;
    }

    /** The comparison {@link #compare} runs, ready to {@link CompareRun#execute}; tests interrupt it. */
    CompareRun prepareCompare(Requests.Compare request, PrintWriter out, PrintWriter err) {
        return new CompareRun(request, out, err);
    }

    /** One {@code compare} invocation: the sweep, its report, and what Ctrl-C leaves behind. */
    final class CompareRun {
        private final Requests.Compare request;
        private final PrintWriter out;
        private final PrintWriter err;
        private final CompareReport.Setup setup;
        private final Sweep sweep;
        private final Progress progress;
        private final Object reportLock = new Object();
        private boolean reported;

        CompareRun(Requests.Compare request, PrintWriter out, PrintWriter err) {
            this.request = request;
            this.out = out;
            this.err = err;
            String source = request.builtIn() ? "the built-in default scenario" : request.source();
            this.setup = new CompareReport.Setup(source, request.scenario().platform().describe(), request.strategies(), request.machines(), request.seeds(),
                    request.scenario().seed());
            this.sweep = new Sweep(runner, promises, plan(), environment.threads());
            this.progress = new Progress(err, request.progress() || environment.stderrIsTerminal(), request.progress(),
                    sweep.total());
        }

        /**
         * Every (strategy, size) cell with its scenarios: seeds {@code base.seed + i}, every group at
         * the size; with a shard, only the runs the shard owns (a cell may then have none).
         */
        private List<Sweep.Planned> plan() {
            Scenario base = request.scenario();
            Shard shard = request.shard();
            long runIndex = 0;
            List<Sweep.Planned> cells = new ArrayList<>();
            for (String strategy : request.strategies()) {
                // The base scenario's options apply to its own strategy; every other strategy runs
                // with its defaults.
                StrategyChoice choice = base.strategy().name().equals(strategy) ? base.strategy()
                        : loader.catalog().resolve("strategy", strategy, new TreeMap<>());
                for (int machines : request.machines()) {
                    Scenario sized = base.withStrategy(choice).withApp(withStarted(base.app(), machines));
                    List<Scenario> seeds = new ArrayList<>();
                    for (int i = 0; i < request.seeds(); i++, runIndex++) {
                        if (shard == null || shard.owns(runIndex)) {
                            seeds.add(sized.withSeed(base.seed() + i));
                        }
                    }
                    cells.add(new Sweep.Planned(strategy, machines, seeds));
                }
            }
            return cells;
        }

        int execute() {
            Thread hook = null;
            if (environment.interruptible()) {
                hook = new Thread(this::interrupted, "deploysim-interrupt");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            try {
                boolean complete = sweep.run(progress::update);
                synchronized (reportLock) {
                    if (reported) {
                        return ExitCodes.INTERRUPTED;
                    }
                    reported = true;
                    progress.clear();
                    report(sweep.finishedCells(), complete);
                }
                return complete ? ExitCodes.OK : ExitCodes.INTERRUPTED;
            } catch (RuntimeException | Error e) {
                progress.clear();
                throw e;
            } finally {
                if (hook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is exiting (Ctrl-C): the hook is running or has run
                    }
                }
            }
        }

        /** What Ctrl-C (the shutdown hook) does: stop the sweep, report the rows that finished. */
        void interrupted() {
            synchronized (reportLock) {
                if (reported) {
                    return;
                }
                reported = true;
                sweep.cancel();
                progress.clear();
                report(sweep.finishedCells(), false);
            }
        }

        private void report(List<CompareReport.Cell> cells, boolean complete) {
            if (request.shard() != null) {
                reportSlice(cells, complete);
                return;
            }
            // --robust --json: the verdicts join the JSON, only of a complete sweep (the text prints them after the table)
            Requests.Robust robust = complete && request.json() ? request.robust() : null;
            printCompare(setup, loader.toTree(request.scenario()), cells,
                    complete ? null : new Unfinished(sweep.plannedCells(), sweep.done()), request.outDir(), request.json(),
                    robust, out, err);
        }

        /**
         * A shard's report: its slice file, or nothing when interrupted (a slice missing runs is
         * of no use to a merge, and writing none keeps a half-done shard from being mistaken for
         * a finished one).
         */
        private void reportSlice(List<CompareReport.Cell> cells, boolean complete) {
            Shard shard = request.shard();
            if (!complete) {
                out.flush();
                err.println("deploysim compare: interrupted: shard " + shard + " was not written (" + sweep.done() + " of "
                        + sweep.total() + " runs had finished); run it again");
                err.flush();
                return;
            }
            List<CompareSlice.Run> runs = new ArrayList<>();
            for (CompareReport.Cell c : cells) {
                for (RunSummary r : c.runs()) {
                    runs.add(new CompareSlice.Run(c.strategy(), c.machines(), r));
                }
            }
            CompareSlice slice = new CompareSlice(setup, loader.toTree(request.scenario()), shard, runs);
            Map<String, String> files = new LinkedHashMap<>();
            files.put(shard.fileName(), slice.text());
            OutFiles.write(request.outDir(), files);
            out.println("deploysim compare: shard " + shard + " of " + sweepLine(setup) + ": "
                    + count(runs.size(), "run", "runs"));
            out.println("slice written to " + request.outDir().resolve(shard.fileName()) + " (sweep fingerprint "
                    + slice.fingerprint() + "); merge all " + shard.count() + " with 'deploysim compare --merge DIR...'");
            out.flush();
        }
    }

    /** What an interrupted sweep had done: how many rows it planned and how many runs finished. */
    private record Unfinished(int plannedCells, int doneRuns) {
    }

    /**
     * Reports a comparison: compare.json, compare.csv and report.html under {@code outDir}, and
     * the table (or the JSON) on {@code out}. The one place a comparison is reported, whether its
     * runs were just swept or merged from slices, so both give the same bytes.
     *
     * @param unfinished null when every cell finished
     * @param robust with --json, the --robust check whose verdicts join the printed JSON; else null
     */
    private void printCompare(CompareReport.Setup setup, ObjectNode baseScenario, List<CompareReport.Cell> cells,
                              Unfinished unfinished, Path outDir, boolean json, Requests.Robust robust, PrintWriter out,
                              PrintWriter err) {
        boolean complete = unfinished == null;
        List<CompareRow> rows = new ArrayList<>();
        for (CompareReport.Cell c : cells) {
            rows.add(c.row());
        }
        ObjectNode compare = CompareReport.json(setup, cells, complete, baseScenario);
        Map<String, String> files = new LinkedHashMap<>();
        if (outDir != null) {
            files.put("compare.json", JsonText.print(compare));
            files.put("compare.csv", CompareReport.csv(rows, complete));
            files.put("report.html", HtmlReport.compare(compare));
        }
        if (json) {
            out.print(JsonText.print(withRobustness(compare, robust, err)));
        } else {
            out.println("deploysim compare: " + sweepLine(setup));
            out.println();
            out.print(CompareReport.table(rows));
            if (!complete) {
                out.println();
                out.println("interrupted: " + cells.size() + " of " + unfinished.plannedCells() + " rows finished ("
                        + unfinished.doneRuns() + " of " + CompareSlice.totalRuns(setup) + " runs); only finished rows are shown");
            }
        }
        out.flush();
        // Written after the table is printed, so that a report the disk refuses does not take the
        // sweep's results with it.
        if (outDir != null) {
            String written = OutFiles.write(outDir, files);
            if (!json) {
                out.println();
                out.println("report written to " + outDir + "/ (" + written + ")");
                out.flush();
            }
        }
        if (!complete && json) {
            err.println("deploysim compare: interrupted: " + cells.size() + " of " + unfinished.plannedCells()
                    + " rows finished; the JSON has \"complete\": false");
            err.flush();
        }
    }

    /** {@code 5 strategies x 3 sizes x 100 seeds = 1500 runs on SOURCE (seeds 1..100)}. */
    private static String sweepLine(CompareReport.Setup setup) {
        return count(setup.strategies().size(), "strategy", "strategies") + " x "
                + count(setup.machines().size(), "size", "sizes") + " x " + count(setup.seeds(), "seed", "seeds")
                + " = " + count(CompareSlice.totalRuns(setup), "run", "runs") + " on " + setup.scenarioSource()
                + ", platform " + setup.platform() + " (seeds " + setup.firstSeed() + ".." + (setup.firstSeed() + setup.seeds() - 1) + ")";
    }

    // ------------------------------------------------------------------ sensitivity

    @Override
    public int sensitivity(Requests.Sensitivity request, PrintWriter out, PrintWriter err) {
        return new SensitivityRun(runner, promises, environment, request, out, err).execute(loader);
    }

    @Override
    public int mergeSensitivity(Requests.SensitivityMerge request, PrintWriter out, PrintWriter err) {
        return SensitivityRun.merged(loader, runner, promises, environment, request, out, err);
    }

    // ------------------------------------------------------------------ merge

    @Override
    public int merge(Requests.Merge request, PrintWriter out, PrintWriter err) {
        SliceMerge.MergedCompare merged = SliceMerge.merge(SliceMerge.read(request.inputs()));
        // Bound again, so the echo is this build's canonical form of the scenario, exactly as an
        // unsharded run echoes it (and a slice naming something this build cannot run is refused).
        Scenario base = loader.bind(merged.baseScenario(), merged.baseSource() + " (its sweep.baseScenario)", List.of());
        printCompare(merged.setup(), loader.toTree(base), merged.cells(), null, request.outDir(), request.json(), null, out, err);
        return ExitCodes.OK;
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** {@code app} with every process group's started machines set to {@code machines}. */
    static AppSpec withStarted(AppSpec app, int machines) {
        List<AppSpec.Group> groups = new ArrayList<>();
        for (AppSpec.Group g : app.groups()) {
            groups.add(new AppSpec.Group(g.name(), machines, g.stopped(), g.region(), g.hasServices(), g.checks(),
                    g.killTimeout(), g.newVersionHealthy()));
        }
        return new AppSpec(app.name(), app.currentImage(), app.newImage(), app.primaryRegion(), groups);
    }

    // ------------------------------------------------------------------ explore

    /**
     * Searches with {@link Exploration#run}: the explorer's report (statistics, and a shrunk
     * counterexample as JSON) or, with {@code --json}, the outcome as JSON; with {@code --out} the
     * shrunk scenario and the report are written there. Exit 0 if no promise broke (with
     * {@code --check}: no checked invariant was violated), 1 with a counterexample, 3 if the
     * strategy's promises cannot be evaluated or too many tries were discarded.
     */
    @Override
    public int explore(Requests.Explore request, PrintWriter out, PrintWriter err) {
        // Ctrl-C stops the search after the current try, and the report of the tries so far is
        // printed before the process exits (the hook waits for it), instead of nothing.
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Thread hook = null;
        if (environment.interruptible()) {
            hook = new Thread(() -> {
                stop.set(true);
                try {
                    reported.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "deploysim-explore-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            return explore(request, out, err, stop::get);
        } finally {
            reported.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting (Ctrl-C): the hook is running
                }
            }
        }
    }

    private int explore(Requests.Explore request, PrintWriter out, PrintWriter err, java.util.function.BooleanSupplier stop) {
        Exploration.Result r;
        try {
            var strategy = loader.catalog().strategy(request.strategy()).orElseThrow(() -> new IllegalArgumentException(
                    "the strategy " + request.strategy() + " is known by name only; its promises cannot be explored"));
            r = Exploration.run(request.scenario(), strategy, Exploration.Settings.of("explore " + request.strategy(),
                    request.tries(), request.seed()).withOutDir(request.outDir()).checkingOnly(request.checks())
                    .withEdgeCaseTries(request.edgeCaseTries()), stop);
        } catch (IllegalArgumentException e) {
            err.println("deploysim explore: " + e.getMessage());
            return ExitCodes.INTERNAL;
        }
        if (request.json()) {
            if (request.flyToml() != null) {
                flyTomlNotes(err, "the input", request.flyToml());
            }
            out.print(JsonText.print(exploreJson(r)));
        } else {
            if (request.flyToml() != null) {
                flyTomlNotes(out, "the input", request.flyToml());
                out.println();
            }
            out.println(r.report());
            r.counterexample().ifPresent(c -> {
                out.println();
                out.println((r.checked().isEmpty() ? "broken promise: " : "violated: ") + c.invariant() + " ("
                        + count(c.machines(), "machine", "machines") + ", " + count(c.faults(), "fault", "faults")
                        + ", seed " + c.seed() + ")");
                if (!c.replayCommand().isEmpty()) {
                    out.println("replay: " + c.replayCommand());
                }
            });
        }
        out.flush();
        if (stop.getAsBoolean() && r.counterexample().isEmpty()) {
            return ExitCodes.INTERRUPTED;
        }
        return r.passed() ? ExitCodes.OK : r.counterexample().isPresent() ? ExitCodes.VIOLATION : ExitCodes.INTERNAL;
    }

    private ObjectNode exploreJson(Exploration.Result r) {
        ObjectNode j = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        j.put("strategy", r.strategy());
        j.put("seed", r.seed());
        j.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        j.put("tries", r.tries());
        j.put("discarded", r.discarded());
        j.put("shrinkSteps", r.shrinkSteps());
        j.put("shrinkExecutions", r.shrinkExecutions());
        // the invariants --check named; empty: the strategy's promises were searched
        ArrayNode checked = j.putArray("checked");
        r.checked().forEach(checked::add);
        r.counterexample().ifPresentOrElse(c -> {
            ObjectNode ce = j.putObject("counterexample");
            ce.put("invariant", c.invariant());
            ce.put("detail", c.detail());
            ce.put("machines", c.machines());
            ce.put("groups", c.groups());
            ce.put("faults", c.faults());
            ce.put("seed", c.seed());
            ce.put("tryIndex", c.tryIndex());
            c.scenarioFile().ifPresent(f -> ce.put("scenarioFile", f.toString()));
            ce.put("replayCommand", c.replayCommand());
            if (c.scenario() != null) {
                ce.set("scenario", loader.toTree(c.scenario()));
            }
        }, () -> j.putNull("counterexample"));
        ObjectNode labels = j.putObject("statistics");
        r.labels().forEach(labels::put);
        return j;
    }
}
