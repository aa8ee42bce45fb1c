package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.ScenarioLoader;
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
 * {@code deploysim replay}: re-runs a scenario or the scenario a result file echoes. A result file
 * is recognised by its top-level {@code "scenario"} object (every result echoes its resolved
 * scenario there); its {@code traceHash} is then the one the replay must reproduce. The re-run is
 * {@link Actions#replay}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Re-run a scenario file, or the scenario echoed in a result file, bit for bit: same seed, same trace hash.",
            "Exit 0 if every promised invariant held and (for a result file) the trace hash matches the file's, "
                + "1 if a promised invariant (with --check: a checked one) was violated or the trace hash differs."
        })
final class ReplayCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A scenario file or a result.json.")
    Path file;

    @Option(names = "--check", split = ",", paramLabel = "INVARIANT", description = Checks.DESCRIPTION)
    List<String> checks = new ArrayList<>();

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    ReplayCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        List<String> checked = Checks.parse(checks);
        String name = file.toString();
        JsonNode tree = ScenarioLoader.parse(ScenarioLoader.readFile(file), name);
        JsonNode result = null;
        JsonNode scenario = tree;
        if (tree.isObject() && tree.has("baseScenario") && tree.has("rows")) {
            throw new ScenarioException("baseScenario", "this is a compare report, which holds many runs; replay one of "
                    + "them with 'deploysim run --strategy S --machines N --seed SEED' on its baseScenario").withSource(name);
        }
        if (tree.isObject() && tree.has("scenario")) {
            result = tree;
            scenario = tree.get("scenario");
            if (!scenario.isObject()) {
                throw new ScenarioException("scenario", "a result file's scenario must be an object, was "
                        + scenario.getNodeType().name().toLowerCase(java.util.Locale.ROOT)).withSource(name);
            }
            JsonNode hash = tree.get("traceHash");
            if (hash != null && !(hash.isTextual() && hash.textValue().matches("[0-9a-f]{16}"))) {
                // A hash that is not what deploysim writes would otherwise count as absent, and the replay pass unchecked.
                String was = hash.isTextual() ? "\"" + hash.textValue() + "\"" : hash.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                        + (hash.isValueNode() && !hash.isNull() ? " " + hash.asText() : "");
                throw new ScenarioException("traceHash", "must be the 16 hex digits deploysim wrote (e.g. \"404c00506227831d\"), was "
                        + was + "; restore it, or remove the field to replay without comparing").withSource(name);
            }
            name = name + " (its scenario)";
        }
        Requests.Replay request = new Requests.Replay(cli.loader().bind(scenario, name, List.of()), result, file, json,
                checked);
        return cli.actions().replay(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
