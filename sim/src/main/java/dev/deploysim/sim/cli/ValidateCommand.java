package dev.deploysim.sim.cli;

import dev.deploysim.sim.scenario.ScenarioDefaults;
import dev.deploysim.sim.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploysim validate}: checks a scenario or fly.toml and prints it fully resolved. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Check a scenario file (JSON) or a fly.toml and print the fully resolved scenario, every default filled in.",
            "The output loads back as the same scenario, so it can be edited and run. Exit 0 if valid, 2 if not."
        })
final class ValidateCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO",
            description = "A scenario file (JSON, // comments allowed) or a fly.toml (a name ending in .toml).")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The platform profile to start from: fly (the calibrated default), fly-2024, adverse, ideal or "
                + "constant (docs/model.md); the scenario's own platform overrides are kept.")
    String profile;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override one field before validation, e.g. --set app.groups[0].started=3 or "
                + "--set platform.bootSeconds='{\"uniform\":[1,5]}'. VALUE is JSON if it parses as JSON, else a string. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--machines", paramLabel = "N",
            description = "Started machines in every process group (for a fly.toml: default " + ScenarioDefaults.MACHINES + ").")
    Integer machines;

    @Option(names = "--json", description = "Print only the resolved scenario as JSON (for a fly.toml, without the report).")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the resolved scenario to FILE (atomically) instead of printing it.")
    Path out;

    ValidateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        ScenarioInput.Loaded loaded = ScenarioInput.load(cli.loader(), file, null, machines, null, profile, sets);
        String echo = cli.loader().echo(loaded.scenario());
        PrintWriter o = spec.commandLine().getOut();
        if (out != null) {
            if (Files.isDirectory(out)) {
                throw new ScenarioException("--out", out + " is a directory; give a file name");
            }
            if (out.toString().isBlank()) {
                throw new ScenarioException("--out", "must not be empty; give a file name");
            }
            try {
                AtomicFiles.write(out, echo);
            } catch (IOException | RuntimeException e) {
                throw new ScenarioException("--out", "cannot write " + out + " (" + (e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage()) + "); give a writable file name");
            }
        }
        if (json) {
            if (out == null) {
                o.print(echo);
            }
            o.flush();
            return ExitCodes.OK;
        }
        if (loaded.flyToml() != null) {
            o.println(loaded.source() + ": read as fly.toml");
            section(o, "used", loaded.flyToml().used());
            section(o, "defaulted", loaded.flyToml().defaulted());
            section(o, "ignored", loaded.flyToml().ignored());
        }
        o.println(loaded.source() + ": valid");
        var platform = loaded.scenario().platform();
        o.println("platform: profile " + platform.profile() + (platform.overrides().isEmpty() ? ", no overrides"
                : ", overridden: " + String.join(", ", platform.overrides())));
        if (out != null) {
            o.println("resolved scenario written to " + out);
        } else {
            o.println("resolved scenario:");
            o.print(echo);
        }
        o.flush();
        return ExitCodes.OK;
    }

    private static void section(PrintWriter o, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        o.println(title + ":");
        for (String l : lines) {
            o.println("  " + l);
        }
    }
}
