package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploysim.model.deploy.Strategy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploysim.sim.testing.DeploySim;
import dev.deploysim.sim.testing.ExampleProject;
import dev.deploysim.sim.testing.Exploring;
import dev.deploysim.sim.verify.Exploration;
import dev.deploysim.strategies.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example project's test, as CI runs it, against a deliberately broken variant of the example
 * strategy: without its settle wait it still promises never-zero-serving, so the test must fail
 * with the shrunk scenario written and a replay command that reproduces the failure.
 */
class ExampleProjectTest {

    @Test
    void aBrokenVariantOfTheExampleFailsItsTestWithTheShrunkScenarioAndTheReplayCommand(@TempDir Path dir) throws Exception {
        Path classes = ExampleProject.compile(dir, ExampleProject.SETTLE_LINE, "// no settle: the broken variant");
        Strategy broken = ExampleProject.load(classes);
        assertThat(broken.name()).isEqualTo("replace-first");

        // the example's own call (examples/custom-strategy/src/test/.../ReplaceFirstStrategyTest.java)
        Exploring exploring = DeploySim.explore(broken).tries(2000).seed(1).name("example-without-settle").reporter(t -> { });
        AssertionError failure = catchThrowableOfType(AssertionError.class, exploring::assertPromisesHold);

        assertThat(failure).as("the broken variant must fail its test").isNotNull();
        String message = failure.getMessage();
        assertThat(message).startsWith("replace-first broke its promise " + Conditions.NEVER_ZERO_SERVING + ": ")
                .contains("shrunk to 1 machine, 1 process group, 0 faults")
                .contains("written: " + exploring.outputDir() + "/");
        for (String file : List.of(Exploration.SCENARIO_FILE, "result.json", "report.html", Exploration.REPORT_FILE)) {
            assertThat(exploring.outputDir().resolve(file)).as(file).isRegularFile();
        }
        String replay = message.lines().filter(l -> l.startsWith("replay:  ")).findFirst().orElseThrow()
                .substring("replay:  ".length());
        assertThat(replay).startsWith("./deploysim replay ").contains(" --classpath " + classes.toAbsolutePath());

        // the printed command, run through the CLI's entry point, replays the broken promise: exit 1
        List<String> args = new ArrayList<>(Arrays.asList(replay.substring("./deploysim ".length()).split(" ")));
        Path scenario = Path.of(args.get(1));
        args.set(1, (scenario.isAbsolute() ? scenario : Path.of("..").resolve(scenario)).toString());
        CliHarness.Outcome o = CliHarness.shipped(java.util.Map.of()).run(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(o.out()).contains("BROKEN PROMISE " + Conditions.NEVER_ZERO_SERVING);
        // result.json is the shrunk run: the same trace hash as the replay, the violation marked promised
        JsonNode result = new ObjectMapper().readTree(Files.readString(exploring.outputDir().resolve("result.json")));
        assertThat(o.out()).contains("trace hash  " + result.get("traceHash").asText());
        assertThat(result.get("violations")).anySatisfy(v -> {
            assertThat(v.get("invariant").asText()).isEqualTo(Conditions.NEVER_ZERO_SERVING);
            assertThat(v.get("promised").asBoolean()).isTrue();
        });
    }
}
