package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploysim.strategies.Conditions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --check} through the jar's entry point: the research question "is flyctl's canary safe at
 * one machine?" answered from the command line. canary promises nothing, so only {@code --check}
 * can find flyctl #4745 (the one-machine canary deploy that leaves nothing serving).
 */
class CheckOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliHarness.Outcome run(String... args) {
        return CliHarness.shipped(Map.of()).run(args);
    }

    @Test
    void theReadmeCommandFindsCanaryIssue4745(@TempDir Path dir) throws Exception {
        // as the README runs it: default tries, seed and edge cases
        findsIssue4745(run("explore", "--strategy", "canary", "--check", Conditions.NEVER_ZERO_SERVING, "--out",
                dir.toString(), "--json"));
    }

    @ParameterizedTest(name = "explorer seed {0}, every try random")
    @ValueSource(longs = {1, 2, 3, 4})
    void exploreCheckFindsCanaryIssue4745UnaidedAndShrinksItToOneMachineWithoutFaults(long seed, @TempDir Path dir)
            throws Exception {
        // --edge-cases 0: no simplest-case tries, so the random search itself must meet the bug
        findsIssue4745(run("explore", "--strategy", "canary", "--check", Conditions.NEVER_ZERO_SERVING, "--edge-cases", "0",
                "--seed", Long.toString(seed), "--out", dir.toString(), "--json"));
    }

    private static void findsIssue4745(CliHarness.Outcome o) throws Exception {
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.VIOLATION);
        JsonNode r = JSON.readTree(o.out());
        assertThat(r.get("checked")).containsExactly(JSON.getNodeFactory().textNode(Conditions.NEVER_ZERO_SERVING));
        JsonNode c = r.get("counterexample");
        assertThat(c.get("invariant").asText()).isEqualTo(Conditions.NEVER_ZERO_SERVING);
        // #4745's shape: one started machine, nothing else, no faults
        assertThat(c.get("machines").asInt()).isEqualTo(1);
        assertThat(c.get("faults").asInt()).isZero();
        assertThat(c.at("/scenario/app/groups")).hasSize(1);
        assertThat(c.at("/scenario/app/groups/0/started").asInt()).isEqualTo(1);
        // the replay command carries --check, so replaying judges the run as the search did: exit 1
        String replay = c.get("replayCommand").asText();
        assertThat(replay).endsWith(" --check " + Conditions.NEVER_ZERO_SERVING);
        List<String> args = new ArrayList<>(Arrays.asList(replay.substring("./deploysim ".length()).split(" ")));
        args.set(1, c.get("scenarioFile").asText());
        CliHarness.Outcome again = run(args.toArray(String[]::new));
        assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(again.out()).contains("  checked     " + Conditions.NEVER_ZERO_SERVING + " VIOLATED");
        // without --check the same file replays clean: canary never promised to keep serving
        assertThat(run("replay", c.get("scenarioFile").asText()).exit()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void exploreCheckFindsRollingAtOneMachineToo() throws Exception {
        CliHarness.Outcome o = run("explore", "--strategy", "rolling", "--check", Conditions.NEVER_ZERO_SERVING,
                "--edge-cases", "0", "--json");

        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.VIOLATION);
        JsonNode c = JSON.readTree(o.out()).get("counterexample");
        assertThat(c.get("machines").asInt()).isEqualTo(1);
        assertThat(c.get("faults").asInt()).isZero();
    }

    @Test
    void exploreWithoutCheckSearchesOnlyPromisesAndSoPassesCanary() throws Exception {
        CliHarness.Outcome o = run("explore", "--strategy", "canary", "--tries", "40", "--json");

        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(o.out()).get("checked")).isEmpty();
    }

    @Test
    void exploreCheckLabelsEveryTryWithWhatWasChecked() {
        CliHarness.Outcome o = run("explore", "--strategy", "bluegreen", "--check", "surge-bound", "--check", "lease-discipline",
                "--tries", "30");

        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).containsPattern("\\n +checked:surge-bound +30 +100\\.0%\\n")
                .containsPattern("\\n +checked:lease-discipline +30 +100\\.0%\\n");
    }

    @Test
    void runCheckJudgesTheNamedInvariantsInsteadOfThePromises() throws Exception {
        CliHarness.Outcome plain = run("run", "--strategy", "canary", "--machines", "1");
        CliHarness.Outcome checked = run("run", "--strategy", "canary", "--machines", "1", "--check",
                Conditions.NEVER_ZERO_SERVING + "," + Conditions.SURGE_BOUND);
        CliHarness.Outcome json = run("run", "--strategy", "canary", "--machines", "1", "--check", "all", "--json");

        assertThat(plain.exit()).as(plain.toString()).isEqualTo(ExitCodes.OK);
        assertThat(checked.exit()).as(checked.toString()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(checked.out()).contains("  checked     never-zero-serving VIOLATED, surge-bound held\n");
        assertThat(json.exit()).isEqualTo(ExitCodes.VIOLATION);
        JsonNode r = JSON.readTree(json.out());
        assertThat(r.get("checked")).hasSize(dev.deploysim.sim.verify.Invariants.names().size());
        assertThat(r.get("checked").get(0).get("invariant").asText()).isEqualTo(Conditions.NEVER_ZERO_SERVING);
        assertThat(r.get("checked").get(0).get("held").asBoolean()).isFalse();
        assertThat(r.get("scenario")).isNotNull();
    }

    @Test
    void runCheckOfAnInvariantThatHeldExitsZero() {
        CliHarness.Outcome o = run("run", "--strategy", "bluegreen", "--machines", "3", "--check", Conditions.SURGE_BOUND);

        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).contains("  checked     surge-bound held\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "replay", "explore"})
    void anUnknownInvariantIsOneLineNamingTheKnownOnes(String command, @TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.json");
        java.nio.file.Files.writeString(scenario, "{}");
        List<String> args = new ArrayList<>(List.of(command, "--check", "never-zero-serving,no-such-thing"));
        if (command.equals("replay")) {
            args.add(scenario.toString());
        }
        if (command.equals("explore")) {
            args.addAll(List.of("--strategy", "canary"));
        }
        CliHarness.Outcome o = run(args.toArray(String[]::new));

        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).containsExactly("deploysim: --check: unknown invariant 'no-such-thing'; known: "
                + String.join(", ", dev.deploysim.sim.verify.Invariants.names()) + " (or all)");
    }
}
