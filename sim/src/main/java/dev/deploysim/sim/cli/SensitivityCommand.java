package dev.deploysim.sim.cli;

import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.sensitivity.Metric;
import dev.deploysim.sim.sensitivity.Parameter;
import dev.deploysim.sim.sensitivity.Parameters;
import dev.deploysim.sim.sensitivity.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deploysim sensitivity}: which platform assumption a verdict hinges on. This class
 * resolves the scenario, the parameters and their ranges, the metric and the verdict;
 * {@link Actions#sensitivity} runs the points on the compare sweep and reports the tornado, or
 * bisects for a tipping point.
 */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = {
            "Vary each platform parameter, one at a time, across the range its profiles span (ideal, fly, fly-2024, adverse), "
                + "and show how much the metric moves: a tornado table, largest effect first.",
            "A distribution is varied by scaling it: every time in it is multiplied by the same factor, so its shape (spread, "
                + "tail, mixture weights) stays and its median moves; its range is the medians the profiles give it. Points are "
                + "spaced geometrically when a range spans a factor of 10 or more, else evenly. Every point runs the same seeds "
                + "(common random numbers), so a difference between points comes from the parameter alone.",
            "--find-threshold PATH bisects one parameter for the value where a verdict flips (default: some run has zero serving).",
            "To spread a tornado over machines, run 'sensitivity ... --shard I/N --out DIR' once for each I from 1 to N (same build, "
                + "same arguments) and then 'sensitivity --merge DIR...'."
        })
final class SensitivityCommand implements Callable<Integer> {
    /** Points per parameter by default. */
    static final int DEFAULT_POINTS = 7;
    /** Seeds per point by default. */
    static final int DEFAULT_SEEDS = 100;
    /** Columns when the terminal's width is unknown. */
    static final int DEFAULT_WIDTH = 120;

    private final Cli cli;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "A scenario file (JSON) or a fly.toml; without it, the built-in default scenario.")
    Path file;

    @Option(names = "--strategy", paramLabel = "NAME", description = "The strategy analysed (default: the scenario's).")
    String strategy;

    @Option(names = "--machines", paramLabel = "N", description = "Started machines per process group (default: the scenario's).")
    Integer machines;

    @Option(names = "--seeds", paramLabel = "N", description = "Runs per point, the same seeds at every point (default: "
            + DEFAULT_SEEDS + ").")
    Integer seeds;

    @Option(names = "--seed", paramLabel = "SEED", description = "The first seed (default: the scenario's).")
    Long seed;

    @Option(names = "--points", paramLabel = "N", description = "Points per parameter, ends included (default: " + DEFAULT_POINTS
            + "; a switch has 2).")
    Integer points;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "What the tornado measures: zero-serving-runs (share of runs with zero serving, the default), "
                + "zero-serving-mean (seconds), failed-probes (share), deploy-p50 (seconds) or min-serving.")
    String metric;

    @Option(names = "--params", paramLabel = "a,b", split = ",",
            description = "Vary only these platform parameters (e.g. propagationSeconds,appReadySeconds); default: every one "
                + "whose profiles disagree.")
    List<String> params;

    @Option(names = "--vary", paramLabel = "PATH=LOW..HIGH",
            description = "Vary PATH over a range of your own: a platform parameter (platform.propagationSeconds=0.1..5, a "
                + "distribution by its median) or a strategy option (strategy.options.waitTimeout=30s..5m). Repeatable; with "
                + "--vary only the parameters named are varied unless --params adds more.")
    List<String> vary = new ArrayList<>();

    @Option(names = "--find-threshold", paramLabel = "PATH",
            description = "Bisect PATH (a platform parameter, over its profile range or its --vary range) for the value where "
                + "--verdict flips, the seeds held fixed; prints the value with its bracket.")
    String findThreshold;

    @Option(names = "--verdict", paramLabel = "METRIC>X",
            description = "The verdict --find-threshold looks for: METRIC>X or METRIC<X (default zero-serving-runs>0: some run "
                + "has zero serving; e.g. min-serving<2).")
    String verdict;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The platform profile to start from: fly (default), fly-2024, adverse, ideal or constant.")
    String profile;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override one field of the scenario. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write sensitivity.json, sensitivity.csv and report.html (with --find-threshold: threshold.json) to DIR.")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = "--progress", description = "Draw the progress bar on stderr even when stderr is not a terminal.")
    boolean progress;

    @Option(names = "--shard", paramLabel = "I/N",
            description = {"Run only slice I of N (1 <= I <= N) of the tornado's runs, cut as compare cuts its sweep (run p of "
                + "the points' runs, point by point and seed by seed, goes to slice p mod N + 1), and write DIR/shard-I-of-N.json "
                + "under --out (required); 'sensitivity --merge' combines the N slices. Not with --find-threshold (a bisection "
                + "is sequential)."})
    String shard;

    @Option(names = "--merge", paramLabel = "DIR", arity = "1..*",
            description = {"Combine the slices 'sensitivity --shard I/N' wrote (every shard-I-of-N.json in each DIR, or slice "
                + "files) into the tornado, sensitivity.json, sensitivity.csv and report.html of the whole run, byte-identical "
                + "to running it unsharded. Runs nothing; the sweep comes from the slices, so only --out and --json go with it."})
    List<Path> merge;

    SensitivityCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (merge != null) {
            return runMerge();
        }
        Shard slice = shard == null ? null : CompareCommand.parseShard(shard);
        if (slice != null && findThreshold != null) {
            throw new ScenarioException("--shard", "a tipping-point search is a bisection (each value tried follows from the verdict "
                    + "at the one before), so it cannot be cut into slices; run --find-threshold in one process, or shard a tornado of "
                    + "that parameter (--vary PATH=LOW..HIGH --points N) to narrow its range first");
        }
        if (slice != null && out == null) {
            throw new ScenarioException("--shard", "a shard writes its slice to a directory: give --out DIR");
        }
        if (slice != null && json) {
            throw new ScenarioException("--json", "a shard writes its slice to --out, not a report; "
                    + "'sensitivity --merge DIR... --json' prints the merged result as JSON");
        }
        if (strategy != null && !cli.catalog().contains(strategy)) {
            throw new ScenarioException("--strategy", "unknown strategy '" + strategy + "'; known: "
                    + String.join(", ", cli.catalog().names()));
        }
        int n = seeds == null ? DEFAULT_SEEDS : seeds;
        if (n < 1) {
            throw new ScenarioException("--seeds", "must be >= 1, was " + n);
        }
        int k = points == null ? DEFAULT_POINTS : points;
        if (k < 2) {
            throw new ScenarioException("--points", "must be >= 2 (the two ends), was " + k);
        }
        Metric m = metric == null ? Metric.ZERO_SERVING_RUNS : Metric.byId(metric.trim()).orElseThrow(() ->
                new ScenarioException("--metric", "unknown metric '" + metric + "'; known: " + String.join(", ", Metric.ids())));
        Verdict v = verdict == null ? Verdict.SOME_ZERO_SERVING : Verdict.parse(verdict, "--verdict");
        if (verdict != null && findThreshold == null) {
            throw new ScenarioException("--verdict", "applies to --find-threshold; give --find-threshold PATH or drop --verdict");
        }
        ScenarioInput.Loaded loaded = ScenarioInput.load(cli.loader(), file, strategy, machines, seed, profile, sets);
        Scenario base = loaded.scenario();

        List<Parameter> varied = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        List<Parameter> ranged = new ArrayList<>();
        for (String spec : vary) {
            ranged.add(Parameters.vary(spec, base, "--vary"));
        }
        Parameter threshold = null;
        if (findThreshold != null) {
            String path = findThreshold.trim();
            for (Parameter r : ranged) {
                if (r.path().equals(path) || r.name().equals(path)) {
                    threshold = r;
                }
            }
            if (threshold == null) {
                if (path.startsWith("strategy.options.")) {
                    throw new ScenarioException("--find-threshold", "a strategy option has no profile range: give it with --vary "
                            + path + "=LOW..HIGH");
                }
                threshold = Parameters.named(path, "--find-threshold");
                if (!(threshold.low() < threshold.high())) {
                    throw new ScenarioException("--find-threshold", threshold.name() + " is the same in every profile: give a range with --vary "
                            + threshold.path() + "=LOW..HIGH");
                }
            }
        } else {
            if (params != null) {
                for (String name : params) {
                    Parameter p = Parameters.named(name, "--params");
                    if (!(p.low() < p.high())) {
                        throw new ScenarioException("--params", p.name() + " is the same in every profile: give a range with --vary "
                                + p.path() + "=LOW..HIGH");
                    }
                    varied.add(p);
                }
            } else if (ranged.isEmpty()) {
                varied.addAll(Parameters.varied());
                for (Parameter p : Parameters.platform()) {
                    if (!(p.low() < p.high())) {
                        fixed.add(p.name());
                    }
                }
            }
            for (Parameter r : ranged) {
                varied.removeIf(p -> p.path().equals(r.path()));
                varied.add(r);
            }
        }
        Requests.Sensitivity request = new Requests.Sensitivity(base, loaded.source(), n, k, m, varied, fixed, threshold, v,
                width(), OutDir.check(out), json, progress, slice);
        return cli.actions().sensitivity(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private Integer runMerge() {
        if (shard != null) {
            throw new ScenarioException("--merge", "--shard runs one slice and --merge combines slices; give one of them");
        }
        String drop = file != null ? "SCENARIO (" + file + ")" : strategy != null ? "--strategy" : machines != null ? "--machines"
                : seeds != null ? "--seeds" : seed != null ? "--seed" : points != null ? "--points" : metric != null ? "--metric"
                : params != null ? "--params" : !vary.isEmpty() ? "--vary" : findThreshold != null ? "--find-threshold"
                : verdict != null ? "--verdict" : profile != null ? "--profile" : !sets.isEmpty() ? "--set"
                : progress ? "--progress" : null;
        if (drop != null) {
            throw new ScenarioException("--merge", "the sweep comes from the slices and a merge runs nothing; drop " + drop);
        }
        Requests.SensitivityMerge request = new Requests.SensitivityMerge(merge, width(), OutDir.check(out), json);
        return cli.actions().mergeSensitivity(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The terminal's width from {@code COLUMNS}, else {@value #DEFAULT_WIDTH}. */
    private static int width() {
        String c = System.getenv("COLUMNS");
        if (c != null) {
            try {
                int w = Integer.parseInt(c.trim());
                if (w >= 40) {
                    return w;
                }
            } catch (NumberFormatException e) {
                // not a number: the default
            }
        }
        return DEFAULT_WIDTH;
    }
}
