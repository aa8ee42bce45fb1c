package dev.deploysim.sim.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.scenario.Assignment;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario a test starts from: the default one or a file, with the test's strategy named and
 * the test's overrides ({@code PATH=VALUE}, as {@code --set} takes them) applied in order.
 */
final class Scenarios {
    private Scenarios() {
    }

    /**
     * {@code file} (or the default scenario when null) deploying with {@code strategy}, then {@code sets}.
     *
     * @throws dev.deploysim.sim.scenario.ScenarioException naming the field at fault
     */
    static Scenario of(ScenarioLoader loader, Strategy strategy, Path file, List<String> sets) {
        JsonNode tree;
        String source;
        if (file == null) {
            tree = loader.toTree(loader.defaults());
            source = "(default scenario)";
        } else {
            source = file.toString();
            tree = ScenarioLoader.parse(ScenarioLoader.readFile(file), source);
        }
        List<Assignment> assignments = new ArrayList<>();
        JsonNode named = tree.path("strategy").path("name");
        if (!named.isTextual() || !named.asText().equals(strategy.name())) {
            // the scenario's options belong to its own strategy: this one starts from its defaults
            ObjectNode choice = JsonNodeFactory.instance.objectNode().put("name", strategy.name());
            assignments.add(Assignment.of("strategy", choice, "the test's strategy " + strategy.name()));
        }
        for (String s : sets) {
            assignments.add(Assignment.parse(s));
        }
        return loader.bind(tree, source, assignments);
    }
}
