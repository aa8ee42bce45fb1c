package dev.deploysim.sim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.strategies.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/verification.md lists every registered strategy's declared guarantees exactly as the
 * strategies declare them (the section between the markers is generated: on a mismatch the test
 * prints the text to paste), and documents every invariant.
 */
class VerificationDocTest {
    static final String BEGIN = "<!-- BEGIN GENERATED: guarantees (VerificationDocTest) -->";
    static final String END = "<!-- END GENERATED: guarantees -->";
    private static final Path DOC = Path.of("..", "docs", "verification.md");

    /** The generated section: per strategy, each guarantee's invariant, conditions and reason. */
    static String guaranteesSection() {
        StringBuilder out = new StringBuilder();
        for (Strategy s : Strategies.all()) {
            out.append("\n#### `").append(s.name()).append("`\n\n");
            out.append("| invariant | promised when (all hold) | why |\n|---|---|---|\n");
            for (Guarantee g : s.guarantees()) {
                List<String> conditions = new ArrayList<>();
                for (Guarantee.Condition c : g.conditions()) {
                    conditions.add("`" + c + "`");
                }
                out.append("| `").append(g.invariant()).append("` | ")
                        .append(conditions.isEmpty() ? "always" : String.join(", ", conditions)).append(" | ")
                        .append(g.why().replace("|", "\\|")).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    @Test
    void theDocListsEveryDeclaredGuaranteeAsDeclared() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("marker %s in %s", BEGIN, DOC).isNotNegative();
        assertThat(end).as("marker %s in %s", END, DOC).isGreaterThan(begin);
        String expected = guaranteesSection();
        String actual = doc.substring(begin + BEGIN.length(), end);
        if (!actual.equals(expected)) {
            System.out.println("docs/verification.md: replace the generated guarantees section with:\n" + BEGIN + expected + END);
        }
        assertThat(actual).as("the generated guarantees section of docs/verification.md (the expected text is printed)")
                .isEqualTo(expected);
    }

    @Test
    void theDocDescribesEveryInvariant() throws IOException {
        String doc = Files.readString(DOC);
        for (String name : Invariants.names()) {
            assertThat(doc).as("a section on %s", name).contains("### `" + name + "`");
        }
    }
}
