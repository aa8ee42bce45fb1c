package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/scenario-reference.json documents the code's defaults, field for field. */
class ScenarioReferenceTest {
    private static final Pattern FIELD = Pattern.compile("^\\s*\"(\\w+)\":");
    private static final Pattern FAULT_EXAMPLE = Pattern.compile("^\\s*//\\s+(\\{\"type\".*})\\s*$");

    static Path reference() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("docs/scenario-reference.json");
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("docs/scenario-reference.json not found above " + Path.of("").toAbsolutePath());
    }

    private static String text() throws IOException {
        return Files.readString(reference());
    }

    @Test
    void referenceLoadsAsTheDefaultScenario() {
        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.flyctlNames());
        assertThat(loader.load(reference(), List.of())).isEqualTo(loader.defaults());
    }

    @Test
    void referenceSpellsOutEveryFieldOfTheDefaultsInCanonicalOrder() throws IOException {
        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.flyctlNames());
        JsonNode reference = Json.parse(text());
        JsonNode defaults = loader.toTree(loader.defaults());
        assertThat(Json.difference(reference, defaults, "$")).isNull();
    }

    @Test
    void everyFieldOfTheReferenceHasACommentAboveIt() throws IOException {
        List<String> lines = text().lines().toList();
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FIELD.matcher(lines.get(i));
            // a distribution's kind ("mixture": [...]) is part of the value's syntax, not a field
            if (m.find() && !DistributionJson.KINDS.contains(m.group(1))) {
                String above = i == 0 ? "" : lines.get(i - 1).strip();
                if (!above.startsWith("//") && !lines.get(i).contains("//")) {
                    undocumented.add(m.group(1) + " (line " + (i + 1) + ")");
                }
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void referenceShowsOneFaultOfEveryKindWithEveryParameterAtItsDefault() throws IOException {
        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.flyctlNames());
        TreeSet<String> kinds = new TreeSet<>();
        for (String line : text().lines().toList()) {
            Matcher m = FAULT_EXAMPLE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            JsonNode example = Json.parse(m.group(1));
            ObjectNode tree = loader.toTree(loader.defaults());
            ((ArrayNode) tree.get("faults")).add(example);
            Scenario s = loader.bind(tree, "reference example", List.of());
            Fault f = s.faults().get(0);
            kinds.add(f.kind().jsonName());
            // written out in full: the example is its own echo, so it shows every parameter
            assertThat(Json.difference(example, ScenarioWriter.fault(f), f.kind().jsonName())).isNull();
            // and at its default: leaving the parameters out gives the same fault
            ObjectNode bare = example.deepCopy();
            f.kind().parameters().forEach(bare::remove);
            ObjectNode tree2 = loader.toTree(loader.defaults());
            ((ArrayNode) tree2.get("faults")).add(bare);
            assertThat(loader.bind(tree2, "reference example", List.of()).faults().get(0)).isEqualTo(f);
        }
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(FaultKind.jsonNames());
    }
}
