package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.sensitivity.Parameters;
import dev.deploysim.strategies.Strategies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --robust} on compare and run: the verdict under every profile, and the first parameter that flips it. */
class RobustTest {
    private static final String TCP_CHECK = "app.groups[0].checks=[{\"name\":\"servicecheck-00-tcp-8080\",\"type\":\"tcp\"}]";

    @TempDir
    Path tmp;

    private static boolean someRunHasZeroServing(Runner runner, Scenario s, int seeds) {
        for (int i = 0; i < seeds; i++) {
            if (runner.run(s.withSeed(s.seed() + i)).metrics().zeroServingSeconds() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * On the constant platform canary-serving keeps a one-machine app serving (the canary is
     * routable 0.5 s after its check passes, 1.1 s before the old machine's kill:
     * SensitivityCommandTest derives that wait); fly-2024's 10-20 s propagation alone drops it.
     * The parameter named must be, by the definition, the first field in PlatformConfig's order
     * whose fly-2024 value alone flips the verdict: checked here run by run, field by field.
     */
    @Test
    void namesTheFirstParameterWhoseValueAloneFlipsTheVerdict() throws Exception {
        Path dir = tmp.resolve("out");
        CliHarness.Outcome o = CliHarness.asShipped().run("compare", "--profile", "constant", "--strategies", "canary-serving",
                "--machines", "1", "--seeds", "3", "--set", TCP_CHECK, "--robust", "--out", dir.toString());
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("robustness:").contains("canary-serving at 1 machine: NOT robust: never zero serving");
        JsonNode row = new ObjectMapper().readTree(Files.readString(dir.resolve("robustness.json"))).get("rows").get(0);
        assertThat(row.get("zeroServing").asBoolean()).isFalse();
        JsonNode flip = null;
        for (JsonNode f : row.get("flippedBy")) {
            if (f.get("profile").asText().equals("fly-2024")) {
                flip = f;
            }
        }
        assertThat(flip).as(row.toString()).isNotNull();
        assertThat(flip.get("zeroServing").asBoolean()).isTrue();
        String named = flip.get("firstParameter").asText();

        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
        Scenario own = ScenarioInput.load(loader, null, "canary-serving", 1, null, "constant", List.of(TCP_CHECK)).scenario();
        PlatformConfig fly2024 = ScenarioInput.load(loader, null, "canary-serving", 1, null, "fly-2024", List.of(TCP_CHECK))
                .scenario().platform();
        Runner runner = Runners.standard();
        assertThat(someRunHasZeroServing(runner, own, 3)).isFalse();
        assertThat(someRunHasZeroServing(runner, own.withPlatform(fly2024), 3)).isTrue();
        for (String field : Parameters.differing(own.platform(), fly2024)) {
            boolean flips = someRunHasZeroServing(runner, own.withPlatform(Parameters.transplant(field, fly2024, own.platform())), 3);
            assertThat(flips).as(field).isEqualTo(field.equals(named));
            if (field.equals(named)) {
                break;
            }
        }
    }

    @Test
    void aRunWhoseVerdictNoProfileChangesIsRobust() {
        // legacy canary at one machine updates the only machine in place: zero serving on every profile (#4745)
        CliHarness.Outcome o = CliHarness.asShipped().run("run", "--strategy", "canary", "--machines", "1", "--robust");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("canary: robust: zero serving, promises kept under every profile");
    }

    @Test
    void robustIsTextAndSaysSoWhenAskedForJson() {
        CliHarness.Outcome o = CliHarness.asShipped().run("compare", "--robust", "--json");
        assertThat(o.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).hasSize(1);
        assertThat(o.err()).contains("--robust").contains("drop --json");
    }
}
