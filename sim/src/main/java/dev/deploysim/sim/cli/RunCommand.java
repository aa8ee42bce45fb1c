package dev.deploysim.sim.cli;

import dev.deploysim.sim.scenario.ScenarioDefaults;
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
 * {@code deploysim run}: one deploy of one scenario. This class turns the arguments into a resolved
 * scenario; {@link Actions#run} runs and reports it.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run one deploy of a scenario and report what happened: outcome, deploy time, serving machines, probes, violations.",
            "Exit 0 if every promised invariant held, 1 if one was violated (with --check: a checked one), 2 on bad input."
        })
final class RunCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "A scenario file (JSON) or a fly.toml; without it, the default scenario.")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The platform profile to start from: fly (the calibrated default), fly-2024, adverse, ideal or "
                + "constant (docs/model.md); the scenario's own platform overrides are kept.")
    String profile;

    @Option(names = "--strategy", paramLabel = "NAME", description = "The strategy to deploy with (overrides the scenario's).")
    String strategy;

    @Option(names = "--machines", paramLabel = "N",
            description = "Started machines in every process group (for a fly.toml: default " + ScenarioDefaults.MACHINES + ").")
    Integer machines;

    @Option(names = "--seed", paramLabel = "S", description = "The root seed (overrides the scenario's).")
    Long seed;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override one scenario field, e.g. --set platform.proxyHoldTimeoutSeconds=3. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write result.json, a CSV, trace.jsonl and report.html to DIR.")
    Path out;

    @Option(names = "--check", split = ",", paramLabel = "INVARIANT", description = Checks.DESCRIPTION)
    List<String> checks = new ArrayList<>();

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = "--progress",
            description = "Show the run's progress (simulated time, machines updated) on stderr even when stderr is not a terminal "
                + "(it never goes to stdout).")
    boolean progress;

    @Option(names = "--robust",
            description = "Also say whether each row's verdict (zero serving yes/no, promises kept) is the same with the scenario "
                + "re-based on every named profile (ideal, fly, fly-2024, adverse; not the constant test fixture), naming the "
                + "first platform parameter that flips it alone if not: text after the report, or with --json the JSON's 'robustness' "
                + "member; with --out also robustness.json.")
    boolean robust;

    RunCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        List<String> checked = Checks.parse(checks);
        ScenarioInput.Loaded loaded = ScenarioInput.load(cli.loader(), file, strategy, machines, seed, profile, sets);
        Path outDir = OutDir.check(out);
        Requests.Robust robustness = !robust ? null : new Requests.Robust(loaded.scenario(), ScenarioInput.rebased(cli.loader(), file,
                strategy, machines, seed, sets, loaded.scenario().platform().profile()), List.of(loaded.scenario().strategy().name()),
                List.of(), 1, outDir, "run");
        Requests.Run request = new Requests.Run(loaded.scenario(), loaded.flyToml(), loaded.source(), outDir, json,
                checked, progress, robustness);
        return cli.actions().run(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
