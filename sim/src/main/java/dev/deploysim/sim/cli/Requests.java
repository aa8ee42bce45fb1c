package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.scenario.FlyToml;
import dev.deploysim.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The validated inputs of the commands that run simulations: what the CLI hands to
 * {@link Actions}. Every field is checked and resolved; an action only runs and reports.
 */
public final class Requests {
    private Requests() {
    }

    /**
     * {@code deploysim run}.
     *
     * @param scenario the resolved scenario (--strategy, --machines, --seed and --set applied)
     * @param flyToml what a fly.toml input used and ignored, or null for a scenario file
     * @param source the SCENARIO file's name, or "(default scenario)"
     * @param outDir where to write result.json, CSV, trace.jsonl and report.html, or null
     * @param json print the result as JSON on stdout
     * @param checks the invariants {@code --check} names, judged instead of the strategy's promises
     *     (empty: its promises)
     * @param progress show the run's progress on stderr even when stderr is not a terminal
     * @param robust {@code --robust}: the verdict under every named profile, after the report (text)
     *     or as its {@code robustness} member (JSON); null when not asked for
     */
    public record Run(Scenario scenario, FlyToml.Result flyToml, String source, Path outDir, boolean json,
                      List<String> checks, boolean progress, Robust robust) {
        public Run {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(source, "source");
            checks = List.copyOf(checks);
        }

        /** A run without {@code --robust}. */
        public Run(Scenario scenario, FlyToml.Result flyToml, String source, Path outDir, boolean json,
                   List<String> checks, boolean progress) {
            this(scenario, flyToml, source, outDir, json, checks, progress, null);
        }

        /** A run without {@code --progress} (the progress line still shows when stderr is a terminal). */
        public Run(Scenario scenario, FlyToml.Result flyToml, String source, Path outDir, boolean json) {
            this(scenario, flyToml, source, outDir, json, List.of(), false);
        }
    }

    /**
     * {@code deploysim compare}.
     *
     * @param scenario the base scenario; each row sets its strategy and every group's started count
     * @param flyToml what a fly.toml input used and ignored, or null
     * @param builtIn true when no SCENARIO was given and the built-in default scenario is used
     * @param source the SCENARIO file's name, or "(default scenario)"
     * @param strategies the strategies to compare, each known to the catalog
     * @param machines the machine counts, each >= 1
     * @param seeds runs per strategy and machine count, seeds {@code scenario.seed()} onwards
     * @param outDir where to write compare.json, CSV and report.html (with a shard: the slice), or null
     * @param json print the rows as JSON on stdout
     * @param progress draw a progress bar on stderr even when stderr is not a terminal
     * @param shard run only this slice of the sweep and write it to {@code outDir} (never null then)
     *     for {@link Merge}; null runs the whole sweep
     * @param robust {@code --robust}: every row's verdict under every named profile, after the table
     *     (text) or as the JSON's {@code robustness} member; null when not asked for (never with a shard)
     */
    public record Compare(Scenario scenario, FlyToml.Result flyToml, boolean builtIn, String source,
                          List<String> strategies, List<Integer> machines, int seeds, Path outDir, boolean json,
                          boolean progress, Shard shard, Robust robust) {
        public Compare {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(source, "source");
            strategies = List.copyOf(strategies);
            machines = List.copyOf(machines);
            if (shard != null && outDir == null) {
                throw new IllegalArgumentException("a shard writes its slice to outDir, which is null");
            }
            if (shard != null && robust != null) {
                throw new IllegalArgumentException("a shard writes a slice, which has no robustness section");
            }
        }

        /** A comparison without {@code --robust}. */
        public Compare(Scenario scenario, FlyToml.Result flyToml, boolean builtIn, String source,
                       List<String> strategies, List<Integer> machines, int seeds, Path outDir, boolean json,
                       boolean progress, Shard shard) {
            this(scenario, flyToml, builtIn, source, strategies, machines, seeds, outDir, json, progress, shard, null);
        }
    }

    /**
     * {@code deploysim compare --merge}: the slices of a sharded comparison, reported as the whole.
     *
     * @param inputs directories holding slice files ({@code shard-I-of-N.json}) or slice files
     * @param outDir where to write compare.json, CSV and report.html, or null
     * @param json print the rows as JSON on stdout
     */
    public record Merge(List<Path> inputs, Path outDir, boolean json) {
        public Merge {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * {@code deploysim explore}.
     *
     * @param scenario the base scenario the explorer varies
     * @param flyToml what a fly.toml input used and ignored, or null
     * @param strategy the strategy to explore, known to the catalog
     * @param tries how many cases to try
     * @param seed the explorer's seed
     * @param outDir where to write the counterexample and its report, or null
     * @param json print the outcome as JSON on stdout
     * @param checks the invariants {@code --check} names, searched instead of the strategy's promises
     *     (empty: its promises)
     * @param edgeCaseTries how many first tries take the simplest, largest and boundary choices
     *     ({@code --edge-cases}; 0: every try random)
     */
    public record Explore(Scenario scenario, FlyToml.Result flyToml, String strategy, int tries, long seed,
                          Path outDir, boolean json, List<String> checks, int edgeCaseTries) {
        public Explore {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(strategy, "strategy");
            checks = List.copyOf(checks);
        }
    }

    /**
     * {@code deploysim replay}.
     *
     * @param scenario the scenario to re-run
     * @param result the result file's JSON when FILE was a result (its trace hash is the one to
     *     reproduce), or null when FILE was a scenario
     * @param file the file given
     * @param json print the result as JSON on stdout
     * @param checks the invariants {@code --check} names, judged instead of the strategy's promises
     *     (empty: its promises)
     */
    public record Replay(Scenario scenario, JsonNode result, Path file, boolean json, List<String> checks) {
        public Replay {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(file, "file");
            checks = List.copyOf(checks);
        }
    }

    /**
     * {@code deploysim sensitivity}: one parameter at a time over its range, or with a threshold
     * parameter the bisection for a verdict's flip.
     *
     * @param scenario the base scenario (its strategy and size are the ones analysed)
     * @param source the SCENARIO file's name, or "(default scenario)"
     * @param seeds runs per point, seeds {@code scenario.seed()} onwards, the same at every point
     * @param points points per parameter
     * @param metric what the tornado measures
     * @param parameters the parameters varied, in the order given
     * @param fixed the platform parameters left out because every profile agrees on them
     * @param threshold the parameter {@code --find-threshold} bisects, or null for the tornado
     * @param verdict the verdict whose flip the bisection looks for
     * @param width the terminal's width in columns
     * @param outDir where to write sensitivity.json, sensitivity.csv and report.html, or null
     * @param json print the result as JSON on stdout
     * @param progress draw a progress bar on stderr even when stderr is not a terminal
     * @param shard run only this slice of the tornado's sweep and write it to {@code outDir} (never
     *     null then) for {@link SensitivityMerge}; null runs the whole sweep. Never with a threshold.
     */
    public record Sensitivity(Scenario scenario, String source, int seeds, int points,
                              dev.deploysim.sim.sensitivity.Metric metric,
                              List<dev.deploysim.sim.sensitivity.Parameter> parameters, List<String> fixed,
                              dev.deploysim.sim.sensitivity.Parameter threshold,
                              dev.deploysim.sim.sensitivity.Verdict verdict, int width, Path outDir, boolean json,
                              boolean progress, Shard shard) {
        public Sensitivity {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(verdict, "verdict");
            parameters = List.copyOf(parameters);
            fixed = List.copyOf(fixed);
            if (shard != null && (outDir == null || threshold != null)) {
                throw new IllegalArgumentException("a shard writes its slice to outDir (null: " + (outDir == null)
                        + ") and slices a tornado, not a bisection");
            }
        }
    }

    /**
     * {@code deploysim sensitivity --merge}: the slices of a sharded sensitivity analysis, reported as the whole.
     *
     * @param inputs directories holding slice files ({@code shard-I-of-N.json}) or slice files
     * @param width the terminal's width in columns
     * @param outDir where to write sensitivity.json, sensitivity.csv and report.html, or null
     * @param json print the result as JSON on stdout
     */
    public record SensitivityMerge(List<Path> inputs, int width, Path outDir, boolean json) {
        public SensitivityMerge {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * {@code --robust} on {@code run} and {@code compare}: each row's verdict under every named
     * profile.
     *
     * @param base the scenario as given (its own profile): the verdict compared with
     * @param profiles the profiles checked, each with the scenario re-based on it (as {@code --profile} would)
     * @param strategies the rows' strategies
     * @param machines the rows' sizes
     * @param seeds runs per row, seeds {@code base.seed()} onwards
     * @param command {@code run} or {@code compare}, for messages
     */
    public record Robust(Scenario base, java.util.Map<String, Scenario> profiles, List<String> strategies,
                         List<Integer> machines, int seeds, Path outDir, String command) {
        public Robust {
            Objects.requireNonNull(base, "base");
            profiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(profiles));
            strategies = List.copyOf(strategies);
            machines = List.copyOf(machines);
        }
    }
}
