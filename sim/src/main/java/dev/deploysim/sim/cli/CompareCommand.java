package dev.deploysim.sim.cli;

import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.scenario.ScenarioException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deploysim compare}: several strategies at several app sizes over many seeds, as a table.
 * This class resolves the base scenario and the sweep's dimensions; {@link Actions#compare} runs
 * the sweep (or one {@code --shard} of it) and reports it, and {@link Actions#merge} reports the
 * slices of a sharded sweep as one.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {
            "Compare strategies: deploy time, zero-serving time and failed probes per strategy and app size, over many seeds.",
            "With no arguments: every flyctl strategy on the built-in default scenario at 1, 3 and 10 machines, "
                + CompareCommand.DEFAULT_SEEDS + " seeds each. Run i of every row uses seed SEED+i, so every row sees the same seeds.",
            "To spread a sweep over machines, run 'compare ... --shard I/N --out DIR' once for each I from 1 to N (anywhere, "
                + "same build, same arguments) and then 'compare --merge DIR...'."
        })
final class CompareCommand implements Callable<Integer> {
    /** Sizes compared by default: the single machine of #4745, a small app, a larger one. */
    static final List<Integer> DEFAULT_MACHINES = List.of(1, 3, 10);
    /** Seeds per strategy and size by default. */
    static final int DEFAULT_SEEDS = 100;
    /** What {@code --shard} accepts: {@code I/N}. */
    private static final Pattern SHARD = Pattern.compile("\\s*([0-9]{1,9})\\s*/\\s*([0-9]{1,9})\\s*");

    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "A scenario file (JSON) or a fly.toml; without it, the built-in default scenario.")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The platform profile to start from: fly (the calibrated default), fly-2024, adverse, ideal or "
                + "constant (docs/model.md); the scenario's own platform overrides are kept.")
    String profile;

    @Option(names = "--strategies", paramLabel = "a,b", split = ",",
            description = "Strategies to compare, comma-separated, or 'all' for every registered one "
                + "(default: every strategy ported from flyctl; for a fly.toml, the strategy it deploys with).")
    List<String> strategies;

    @Option(names = "--machines", paramLabel = "1,3,10", split = ",",
            description = "App sizes (started machines per process group), comma-separated (default: 1,3,10).")
    List<Integer> machines;

    @Option(names = "--seeds", paramLabel = "N", description = "Runs per strategy and size (default: " + DEFAULT_SEEDS + ").")
    Integer seeds;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override one field of the base scenario, e.g. --set platform.proxyRetries=0. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Write compare.json, compare.csv and report.html to DIR.")
    Path out;

    @Option(names = "--json", description = "Print the comparison as JSON on stdout.")
    boolean json;

    @Option(names = "--progress",
            description = "Draw the progress bar on stderr even when stderr is not a terminal (it never goes to stdout).")
    boolean progress;

    @Option(names = "--shard", paramLabel = "I/N",
            description = {"Run only slice I of N (1 <= I <= N) of the sweep: the runs whose position in the sweep's order "
                + "(strategy, then size, then seed) is I-1 modulo N. Writes DIR/shard-I-of-N.json under --out (required) "
                + "instead of the report; 'compare --merge' combines the N slices into the report of the whole sweep."})
    String shard;

    @Option(names = "--merge", paramLabel = "DIR", arity = "1..*",
            description = {"Combine the slices 'compare --shard I/N' wrote (every shard-I-of-N.json in each DIR, or slice files) "
                + "into the table, compare.json, compare.csv and report.html of the whole sweep, byte-identical to running it "
                + "unsharded. Runs nothing; the sweep comes from the slices, so SCENARIO, --strategies, --machines, --seeds "
                + "and --set are refused."})
    List<Path> merge;

    @Option(names = "--robust",
            description = "Also say whether each row's verdict (zero serving yes/no, promises kept) is the same with the scenario "
                + "re-based on every named profile (ideal, fly, fly-2024, adverse; not the constant test fixture), naming the "
                + "first platform parameter that flips it alone if not: text after the table, or with --json the JSON's 'robustness' "
                + "member; with --out also robustness.json.")
    boolean robust;

    CompareCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (merge != null) {
            return runMerge();
        }
        Shard slice = shard == null ? null : parseShard(shard);
        if (slice != null && out == null) {
            throw new ScenarioException("--shard", "a shard writes its slice to a directory: give --out DIR");
        }
        if (slice != null && json) {
            throw new ScenarioException("--json", "a shard writes its slice to --out, not a report; "
                    + "'compare --merge DIR... --json' prints the merged report as JSON");
        }
        List<String> chosen = new ArrayList<>();
        boolean flyToml = file != null && ScenarioInput.isFlyToml(file);
        if (strategies == null || strategies.isEmpty()) {
            if (!flyToml) {
                chosen.addAll(cli.defaultCompareStrategies());
            }
        } else if (strategies.size() == 1 && strategies.get(0).trim().equals("all")) {
            chosen.addAll(cli.allStrategyNames());
        } else {
            for (String s : strategies) {
                String name = s.trim();
                if (!cli.catalog().contains(name)) {
                    throw new ScenarioException("--strategies", "unknown strategy '" + name + "'; known: "
                            + String.join(", ", cli.catalog().names()));
                }
                if (!chosen.contains(name)) {
                    chosen.add(name);
                }
            }
        }
        List<Integer> sizes = new ArrayList<>();
        for (int m : machines == null || machines.isEmpty() ? DEFAULT_MACHINES : machines) {
            if (!sizes.contains(m)) {
                sizes.add(m);
            }
        }
        for (int n : sizes) {
            if (n < 1) {
                throw new ScenarioException("--machines", "every size must be >= 1, was " + n);
            }
        }
        int n = seeds == null ? DEFAULT_SEEDS : seeds;
        if (n < 1) {
            throw new ScenarioException("--seeds", "must be >= 1, was " + n);
        }
        ScenarioInput.Loaded loaded = ScenarioInput.load(cli.loader(), file, null, flyToml ? sizes.get(0) : null, null, profile, sets);
        if (chosen.isEmpty()) {
            // a fly.toml names the strategy it deploys with (or takes flyctl's default): compare that one
            chosen.add(loaded.scenario().strategy().name());
        }
        if (robust && slice != null) {
            throw new ScenarioException("--robust", "a shard writes a slice, not a report; drop --robust (or --shard)");
        }
        Path outDir = OutDir.check(out);
        Requests.Robust robustness = !robust ? null : new Requests.Robust(loaded.scenario(), ScenarioInput.rebased(cli.loader(), file,
                null, flyToml ? sizes.get(0) : null, null, sets, loaded.scenario().platform().profile()), chosen, sizes, n,
                outDir, "compare");
        Requests.Compare request = new Requests.Compare(loaded.scenario(), loaded.flyToml(), file == null,
                loaded.source(), chosen, sizes, n, outDir, json, progress, slice, robustness);
        return cli.actions().compare(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private Integer runMerge() {
        if (shard != null) {
            throw new ScenarioException("--merge", "--shard runs one slice and --merge combines slices; give one of them");
        }
        String drop = file != null ? "SCENARIO (" + file + ")" : strategies != null ? "--strategies" : machines != null ? "--machines"
                : seeds != null ? "--seeds" : !sets.isEmpty() ? "--set" : progress ? "--progress" : null;
        if (drop != null) {
            throw new ScenarioException("--merge", "the sweep comes from the slices and a merge runs nothing; drop " + drop);
        }
        Requests.Merge request = new Requests.Merge(merge, OutDir.check(out), json);
        return cli.actions().merge(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** {@code I/N} as a {@link Shard}. */
    static Shard parseShard(String text) {
        Matcher m = SHARD.matcher(text);
        if (!m.matches()) {
            throw new ScenarioException("--shard", "give I/N, e.g. 2/3 for the second of three slices; was '" + text + "'");
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1) {
            throw new ScenarioException("--shard", "N must be >= 1, was " + text.strip());
        }
        if (i < 1 || i > n) {
            throw new ScenarioException("--shard", "I must be 1.." + n + " (slices are numbered from 1), was " + text.strip());
        }
        return new Shard(i, n);
    }
}
