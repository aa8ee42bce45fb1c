package dev.deploysim.sim.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deploysim scenario-defaults}: prints the default scenario. */
@Command(name = "scenario-defaults", mixinStandardHelpOptions = true,
        description = {
            "Print the default scenario as JSON: every field at its default. Save it, edit it, and run it.",
            "docs/scenario-reference.json explains each field."
        })
final class ScenarioDefaultsCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    ScenarioDefaultsCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(cli.loader().echo(cli.loader().defaults()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
