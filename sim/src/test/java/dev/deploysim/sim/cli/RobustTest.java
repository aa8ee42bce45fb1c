package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** One row's verdicts as the text states them: the row, its own verdict, and per flipping profile its verdict and first parameter. */
    private static List<String> factsOfText(String out) {
        List<String> facts = new ArrayList<>();
        Pattern row = Pattern.compile("  (.+?): (robust|NOT robust): (zero serving|never zero serving), (promises kept|promises broken)"
                + "(?: under every profile|; (.*))");
        Pattern flip = Pattern.compile("([a-z0-9-]+): (zero serving|never zero serving), (promises kept|promises broken) \\("
                + "(?:first parameter that flips it: (\\w+)|no single parameter flips it alone)\\)");
        for (String line : out.lines().toList()) {
            Matcher m = row.matcher(line);
            if (!m.matches()) {
                continue;
            }
            StringBuilder f = new StringBuilder(m.group(1) + " robust=" + m.group(2).equals("robust") + " zero=" + m.group(3).equals("zero serving")
                    + " kept=" + m.group(4).equals("promises kept"));
            if (m.group(5) != null) {
                for (String part : m.group(5).split("; ")) {
                    Matcher p = flip.matcher(part);
                    assertThat(p.matches()).as(part).isTrue();
                    f.append(" | ").append(p.group(1)).append(" zero=").append(p.group(2).equals("zero serving")).append(" kept=")
                            .append(p.group(3).equals("promises kept")).append(" first=").append(p.group(4));
                }
            }
            facts.add(f.toString());
        }
        return facts;
    }

    /** The same facts read off the JSON's {@code robustness} member. */
    private static List<String> factsOfJson(JsonNode robustness) {
        List<String> facts = new ArrayList<>();
        for (JsonNode r : robustness.get("rows")) {
            int m = r.path("machines").asInt(0);
            StringBuilder f = new StringBuilder(r.get("strategy").asText() + (r.has("machines") ? " at " + m + (m == 1 ? " machine" : " machines") : "")
                    + " robust=" + r.get("robust").asBoolean() + " zero=" + r.get("zeroServing").asBoolean() + " kept="
                    + r.get("promisesKept").asBoolean());
            for (JsonNode p : r.get("flippedBy")) {
                f.append(" | ").append(p.get("profile").asText()).append(" zero=").append(p.get("zeroServing").asBoolean())
                        .append(" kept=").append(p.get("promisesKept").asBoolean()).append(" first=")
                        .append(p.get("firstParameter").isNull() ? null : p.get("firstParameter").asText());
            }
            facts.add(f.toString());
        }
        return facts;
    }

    @Test
    void robustWithJsonAddsTheTextsVerdictsToTheCompareJson() throws Exception {
        CliHarness cli = CliHarness.asShipped();
        List<String> sweep = List.of("compare", "--profile", "constant", "--strategies", "canary-serving,canary", "--machines", "1,2",
                "--seeds", "3", "--set", TCP_CHECK);
        CliHarness.Outcome text = cli.run(args(sweep, "--robust"));
        assertThat(text.exit()).as(text.toString()).isZero();
        Path dir = tmp.resolve("json");
        CliHarness.Outcome json = cli.run(args(sweep, "--robust", "--json", "--out", dir.toString()));
        assertThat(json.exit()).as(json.toString()).isZero();
        CliHarness.Outcome plain = cli.run(args(sweep, "--json"));

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode printed = (ObjectNode) mapper.readTree(json.out());
        JsonNode robustness = printed.remove("robustness");
        // the verdicts are the text's, row by row (4 rows; at least one not robust, so flips are compared too)
        List<String> facts = factsOfText(text.out());
        assertThat(facts).hasSize(4).anyMatch(f -> f.contains("robust=false"));
        assertThat(factsOfJson(robustness)).isEqualTo(facts);
        // the member is robustness.json, and the rest is the JSON without --robust (and compare.json under --out)
        assertThat(robustness).isEqualTo(mapper.readTree(Files.readString(dir.resolve("robustness.json"))));
        assertThat(printed).isEqualTo(mapper.readTree(plain.out())).isEqualTo(mapper.readTree(Files.readString(dir.resolve("compare.json"))));
    }

    @Test
    void robustWithJsonAddsTheTextsVerdictToTheRunJson() throws Exception {
        CliHarness cli = CliHarness.asShipped();
        List<String> run = List.of("run", "--strategy", "canary-serving", "--machines", "1", "--profile", "constant", "--set", TCP_CHECK);
        CliHarness.Outcome text = cli.run(args(run, "--robust"));
        CliHarness.Outcome json = cli.run(args(run, "--robust", "--json"));
        assertThat(json.exit()).as(json.toString()).isEqualTo(text.exit());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode printed = (ObjectNode) mapper.readTree(json.out());
        JsonNode robustness = printed.remove("robustness");
        assertThat(factsOfText(text.out())).hasSize(1).first().asString().startsWith("canary-serving robust=false");
        assertThat(factsOfJson(robustness)).isEqualTo(factsOfText(text.out()));
        assertThat(printed).isEqualTo(mapper.readTree(cli.run(args(run, "--json")).out()));
    }

    @Test
    void robustIsRefusedWithAShardInOneLine() {
        CliHarness.Outcome o = CliHarness.asShipped().run("compare", "--robust", "--shard", "1/2", "--out", tmp.resolve("s").toString());
        assertThat(o.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).hasSize(1);
        assertThat(o.err()).contains("--robust").contains("drop --robust");
    }

    private static String[] args(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
