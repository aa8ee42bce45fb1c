package dev.deploysim.sim.cli;

import dev.deploysim.sim.explore.Explorer;
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
 * {@code deploysim explore}: searches for a scenario where the strategy breaks a promise, and
 * shrinks it. This class validates the input; the search is {@link Actions#explore}.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {
            "Search random apps, options and fault schedules for a run where the strategy breaks an invariant it promises "
                + "(or, with --check, any invariant named), and shrink the first one found to a minimal scenario file.",
            "Exit 0 if none was found, 1 with a counterexample, 2 on bad input."
        })
final class ExploreCommand implements Callable<Integer> {
    /** Tries by default. */
    static final int DEFAULT_TRIES = 1000;

    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "A scenario file (JSON) or a fly.toml to start from; without it, the default scenario.")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The platform profile to start from: fly (the calibrated default), fly-2024, adverse, ideal or "
                + "constant (docs/model.md); the scenario's own platform overrides are kept.")
    String profile;

    @Option(names = "--strategy", paramLabel = "NAME", required = true, description = "The strategy to explore.")
    String strategy;

    @Option(names = "--tries", paramLabel = "N", description = "Cases to try (default: " + DEFAULT_TRIES + ").")
    Integer tries;

    @Option(names = "--seed", paramLabel = "S", description = "The explorer's seed (default: the scenario's seed).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the shrunk scenario and its report to DIR.")
    Path out;

    @Option(names = "--check", split = ",", paramLabel = "INVARIANT",
            description = "Search for a violation of exactly these invariants (comma-separated, repeatable, or 'all'), "
                + "promised or not, instead of the strategy's promises.")
    List<String> checks = new ArrayList<>();

    @Option(names = "--edge-cases", paramLabel = "N",
            description = "How many first tries take the simplest, largest and boundary choices (default: "
                + Explorer.DEFAULT_EDGE_CASE_TRIES + "); 0 makes every try random, to see whether a search finds a bug unaided.")
    Integer edgeCases;

    @Option(names = "--json", description = "Print the outcome as JSON on stdout.")
    boolean json;

    ExploreCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        int n = tries == null ? DEFAULT_TRIES : tries;
        if (n < 1) {
            throw new ScenarioException("--tries", "must be >= 1, was " + n);
        }
        if (!cli.catalog().contains(strategy)) {
            throw new ScenarioException("--strategy", "unknown strategy '" + strategy + "'; known: "
                    + String.join(", ", cli.catalog().names()));
        }
        List<String> checked = Checks.parse(checks);
        int edges = edgeCases == null ? Explorer.DEFAULT_EDGE_CASE_TRIES : edgeCases;
        if (edges < 0) {
            throw new ScenarioException("--edge-cases", "must be >= 0, was " + edges);
        }
        ScenarioInput.Loaded loaded = ScenarioInput.load(cli.loader(), file, strategy, null, seed, profile, List.of());
        Requests.Explore request = new Requests.Explore(loaded.scenario(), loaded.flyToml(), strategy, n,
                loaded.scenario().seed(), OutDir.check(out), json, checked, edges);
        return cli.actions().explore(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
