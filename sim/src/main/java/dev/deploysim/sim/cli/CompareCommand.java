package dev.deploysim.sim.cli;

import dev.deploysim.sim.scenario.ScenarioException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deploysim compare}: every strategy at several app sizes over many seeds, as a table.
 * Input parsing and validation are complete; the sweep is {@link Actions#compare}, NOT WIRED YET
 * (exit 3) until the runner lands.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {
            "Compare strategies: deploy time, zero-serving time and failed probes per strategy and app size, over many seeds.",
            "With no SCENARIO, every strategy on the built-in default scenario at 1, 3 and 10 machines."
        })
final class CompareCommand implements Callable<Integer> {
    /** Sizes compared by default: the single machine of #4745, a small app, a larger one. */
    static final List<Integer> DEFAULT_MACHINES = List.of(1, 3, 10);
    /** Seeds per strategy and size by default. */
    static final int DEFAULT_SEEDS = 20;

    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "A scenario file (JSON) or a fly.toml; without it, the built-in default scenario.")
    Path file;

    @Option(names = "--strategies", paramLabel = "a,b", split = ",",
            description = "Strategies to compare, comma-separated (default: every registered strategy).")
    List<String> strategies;

    @Option(names = "--machines", paramLabel = "1,3,10", split = ",",
            description = "App sizes (started machines per process group), comma-separated (default: 1,3,10).")
    List<Integer> machines;

    @Option(names = "--seeds", paramLabel = "N", description = "Runs per strategy and size (default: " + DEFAULT_SEEDS + ").")
    Integer seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "Write compare.json, a CSV and report.html to DIR.")
    Path out;

    @Option(names = "--json", description = "Print the rows as JSON on stdout.")
    boolean json;

    CompareCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        List<String> chosen = new ArrayList<>();
        if (strategies == null || strategies.isEmpty()) {
            chosen.addAll(cli.catalog().names());
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
        List<Integer> sizes = machines == null || machines.isEmpty() ? DEFAULT_MACHINES : machines;
        for (int n : sizes) {
            if (n < 1) {
                throw new ScenarioException("--machines", "every size must be >= 1, was " + n);
            }
        }
        int n = seeds == null ? DEFAULT_SEEDS : seeds;
        if (n < 1) {
            throw new ScenarioException("--seeds", "must be >= 1, was " + n);
        }
        ScenarioInput.Loaded loaded = ScenarioInput.load(cli.loader(), file, null,
                file != null && ScenarioInput.isFlyToml(file) ? sizes.get(0) : null, null, List.of());
        Requests.Compare request = new Requests.Compare(loaded.scenario(), loaded.flyToml(), file == null, chosen,
                sizes, n, OutDir.check(out), json);
        return cli.actions().compare(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
