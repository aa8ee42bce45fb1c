package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.TestStrategies;
import dev.deploysim.strategies.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Every command and exit code through the real entry point. */
class MainTest {
    private static final List<String> COMMANDS = List.of("validate", "scenario-defaults", "run", "compare", "sensitivity", "explore", "replay",
            "strategies");

    @TempDir
    Path dir;

    private final ScenarioLoader loader = new ScenarioLoader(TestStrategies.typed());

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static Path flyToml(String name) throws Exception {
        return Path.of(MainTest.class.getResource("/flytoml/" + name).toURI());
    }

    private static void assertOneLineError(CliHarness.Outcome o, String... fragments) {
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).as(o.toString()).hasSize(1);
        assertThat(o.err()).endsWith("\n").doesNotContain("\tat ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(o.err()).contains(f);
        }
    }

    @Test
    void helpWorksOnEveryCommandAndExitsZero() {
        CliHarness cli = CliHarness.wired();
        CliHarness.Outcome root = cli.run("--help");
        assertThat(root.exit()).isZero();
        assertThat(root.out()).startsWith("Usage: deploysim ");
        for (String c : COMMANDS) {
            assertThat(root.out()).contains("  " + c + " ");
            CliHarness.Outcome o = cli.run(c, "--help");
            assertThat(o.exit()).as(c).isZero();
            assertThat(o.out()).as(c).startsWith("Usage: deploysim " + c);
            assertThat(o.err()).isEmpty();
        }
        assertThat(cli.run("--version").out()).startsWith("deploysim ");
    }

    @Test
    void everyOptionAndParameterHasADescription() {
        Cli shipped = Main.standard(RunnerActions.Environment.quiet(1));
        CommandLine cmd = Main.commandLine(new Main(shipped), shipped);
        assertThat(cmd.getSubcommands().keySet()).containsExactlyElementsOf(COMMANDS);
        List<CommandLine> all = new java.util.ArrayList<>(List.of(cmd));
        all.addAll(cmd.getSubcommands().values());
        for (CommandLine c : all) {
            CommandSpec spec = c.getCommandSpec();
            assertThat(spec.usageMessage().description()).as(spec.qualifiedName()).isNotEmpty();
            for (OptionSpec o : spec.options()) {
                assertThat(String.join("", o.description())).as(spec.qualifiedName() + " " + o.longestName()).isNotBlank();
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                assertThat(String.join("", p.description())).as(spec.qualifiedName() + " " + p.paramLabel()).isNotBlank();
            }
        }
    }

    @Test
    void noCommandAndUnknownCommandAreBadInput() {
        CliHarness cli = CliHarness.wired();
        assertOneLineError(cli.run(), "deploysim: missing command; one of validate, scenario-defaults, run");
        assertOneLineError(cli.run("deploy"), "deploysim: Unmatched argument at index 0: 'deploy'");
        assertOneLineError(cli.run("validate", "--jsn", "x.json"), "deploysim validate: Unknown option: '--jsn'",
                "(see 'deploysim validate --help')");
        assertOneLineError(cli.run("validate"), "Missing required parameter: 'SCENARIO'");
    }

    @Test
    void validatePrintsTheResolvedScenarioWhichLoadsBackEqual() throws IOException {
        Path f = file("s.json", "{\"app\": {\"groups\": [{\"name\": \"web\", \"started\": 1}]}, \"strategy\": {\"name\": \"canary\"}}");
        CliHarness.Outcome o = CliHarness.wired().run("validate", f.toString(), "--json", "--set", "app.groups[0].started=4");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.err()).isEmpty();
        Scenario printed = loader.fromJson(o.out(), "stdout", List.of());
        assertThat(printed.app().groups().get(0).started()).isEqualTo(4);
        assertThat(printed.strategy().options()).containsKeys("maxUnavailable", "waitTimeout");
        assertThat(o.out()).isEqualTo(loader.echo(printed));

        CliHarness.Outcome human = CliHarness.wired().run("validate", f.toString());
        assertThat(human.exit()).isZero();
        assertThat(human.out()).startsWith(f + ": valid\nplatform: profile fly, no overrides\nresolved scenario:\n{\n").endsWith(loader.echo(printed).replace("\"started\": 4",
                "\"started\": 1"));
    }

    @Test
    void validateReadsFlyTomlAndReportsWhatItUsedAndIgnored() throws Exception {
        CliHarness.Outcome o = CliHarness.wired().run("validate", flyToml("multi-process.toml").toString(), "--machines", "3");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains(": read as fly.toml\nused:\n  app = \"orders\" -> app.name\n")
                .contains("\ndefaulted:\n  checks.web_db.grace_period not set: 1s\n")
                .contains("\nignored:\n  http_service.checks[0].method: ")
                .contains("\"started\": 3");
        CliHarness.Outcome bad = CliHarness.wired().run("validate", flyToml("invalid-top-level-check.toml").toString());
        assertOneLineError(bad, "invalid-top-level-check.toml: checks.fast.interval: must be >= 2s for a top-level check");
    }

    @Test
    void validateWritesTheResolvedScenarioToAFile() throws IOException {
        Path target = dir.resolve("out/resolved.json");
        CliHarness.Outcome o = CliHarness.wired().run("validate", file("s.json", "{\"seed\": 9}").toString(), "--out", target.toString());
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(loader.load(target, List.of()).seed()).isEqualTo(9);
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("resolved.json");
        }
        assertOneLineError(CliHarness.wired().run("validate", file("t.json", "{}").toString(), "--out", dir.toString()),
                "--out: " + dir + " is a directory; give a file name");
    }

    @Test
    void scenarioDefaultsPrintsTheDefaultScenario() {
        CliHarness.Outcome o = CliHarness.asShipped().run("scenario-defaults");
        assertThat(o.exit()).isZero();
        ScenarioLoader shipped = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
        assertThat(o.out()).isEqualTo(shipped.echo(shipped.defaults()));
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() throws IOException {
        assertOneLineError(CliHarness.asShipped().run("run", file("bad.json", "{\"seed\": true}").toString()), "seed: expected a whole number");
        assertOneLineError(CliHarness.asShipped().run("replay", file("bad2.json", "{\"app\": 3}").toString()), "app: ");
        assertOneLineError(CliHarness.asShipped().run("compare", "--strategies", "rolling,nope"), "--strategies: unknown strategy 'nope'");
    }

    @Test
    void runHandsTheResolvedScenarioToTheRunner() throws Exception {
        CliHarness cli = CliHarness.wired();
        cli.actions.exit = ExitCodes.VIOLATION;
        Path out = dir.resolve("results");
        CliHarness.Outcome o = cli.run("run", file("s.json", "{\"app\": {\"groups\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}}").toString(),
                "--strategy", "immediate", "--machines", "5", "--seed", "77", "--set", "platform.proxyRetries=0",
                "--out", out.toString(), "--json");
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.VIOLATION);
        Requests.Run r = (Requests.Run) cli.actions.requests.get(0);
        assertThat(r.scenario().strategy().name()).isEqualTo("immediate");
        assertThat(r.scenario().app().groups()).extracting(g -> g.started()).containsExactly(5, 5);
        assertThat(r.scenario().seed()).isEqualTo(77);
        assertThat(r.scenario().platform().proxyRetries()).isZero();
        assertThat(r.outDir()).isEqualTo(out);
        assertThat(r.json()).isTrue();
        assertThat(r.flyToml()).isNull();

        CliHarness.Outcome toml = cli.run("run", flyToml("web-http-service.toml").toString(), "--machines", "1", "--strategy", "canary");
        assertThat(toml.exit()).isEqualTo(ExitCodes.VIOLATION);
        Requests.Run t = (Requests.Run) cli.actions.requests.get(1);
        assertThat(t.flyToml()).isNotNull();
        assertThat(t.scenario().strategy().name()).isEqualTo("canary");
        assertThat(t.scenario().app().name()).isEqualTo("shiny-bird-4821");

        CliHarness.Outcome none = cli.run("run");
        assertThat(none.exit()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(((Requests.Run) cli.actions.requests.get(2)).scenario()).isEqualTo(loader.defaults());
    }

    @Test
    void anotherStrategyOnTheCommandLineStartsFromItsOwnDefaultOptions() throws Exception {
        CliHarness cli = CliHarness.wired();
        Path f = file("r.json", "{\"strategy\": {\"name\": \"rolling\", \"options\": {\"maxUnavailable\": 0.5}}}");
        assertThat(cli.run("run", f.toString(), "--strategy", "rolling").exit()).isZero();
        assertThat(((Requests.Run) cli.actions.requests.get(0)).scenario().strategy().options()).containsEntry("maxUnavailable", 0.5);
        // bluegreen does not take maxUnavailable: the file's rolling options do not follow it
        CliHarness.Outcome o = cli.run("run", f.toString(), "--strategy", "bluegreen", "--set", "strategy.options.waitTimeout=2m");
        assertThat(o.exit()).as(o.toString()).isZero();
        Scenario s = ((Requests.Run) cli.actions.requests.get(1)).scenario();
        assertThat(s.strategy().name()).isEqualTo("bluegreen");
        assertThat(s.strategy().options()).containsOnlyKeys("waitTimeout").containsEntry("waitTimeout", java.time.Duration.ofMinutes(2));
    }

    @Test
    void runRefusesBadFlagsWithOneLine() throws IOException {
        CliHarness cli = CliHarness.wired();
        assertOneLineError(cli.run("run", "--machines", "0"), "deploysim: --machines: must be >= 1, was 0");
        assertOneLineError(cli.run("run", "--strategy", "blue"),
                "deploysim: --strategy blue: strategy.name: unknown strategy 'blue'; known: bluegreen, canary, immediate, rolling");
        assertOneLineError(cli.run("run", "--seed", "x"), "Invalid value for option '--seed'");
        assertOneLineError(cli.run("run", "--out", file("f.txt", "").toString()), "--out: ", "exists and is not a directory");
        assertOneLineError(cli.run("run", dir.resolve("missing.json").toString()), "missing.json: no such file");
        assertOneLineError(cli.run("run", dir.toString()), ": is a directory, not a file");
        assertThat(cli.actions.requests).isEmpty();
    }

    @Test
    void compareDefaultsToEveryStrategyAtOneThreeAndTenMachines() {
        CliHarness cli = CliHarness.wired();
        assertThat(cli.run("compare").exit()).isZero();
        Requests.Compare c = (Requests.Compare) cli.actions.requests.get(0);
        assertThat(c.builtIn()).isTrue();
        assertThat(c.strategies()).containsExactly("bluegreen", "canary", "immediate", "rolling");
        assertThat(c.machines()).containsExactly(1, 3, 10);
        assertThat(c.seeds()).isEqualTo(CompareCommand.DEFAULT_SEEDS);
        assertThat(c.scenario()).isEqualTo(loader.defaults());

        assertThat(cli.run("compare", "--strategies", "rolling,canary", "--machines", "2,4", "--seeds", "3", "--json").exit()).isZero();
        Requests.Compare d = (Requests.Compare) cli.actions.requests.get(1);
        assertThat(d.strategies()).containsExactly("rolling", "canary");
        assertThat(d.machines()).containsExactly(2, 4);
        assertThat(d.seeds()).isEqualTo(3);
        assertThat(d.json()).isTrue();

        assertOneLineError(cli.run("compare", "--strategies", "rolling,blue"), "deploysim: --strategies: unknown strategy 'blue'");
        assertOneLineError(cli.run("compare", "--machines", "1,0"), "deploysim: --machines: every size must be >= 1, was 0");
        assertOneLineError(cli.run("compare", "--machines", "1,x"), "Invalid value for option '--machines'");
        assertOneLineError(cli.run("compare", "--seeds", "0"), "deploysim: --seeds: must be >= 1, was 0");
    }

    @Test
    void exploreNeedsAKnownStrategyAndPositiveTries() throws IOException {
        CliHarness cli = CliHarness.wired();
        assertOneLineError(cli.run("explore"), "Missing required option: '--strategy=NAME'");
        assertOneLineError(cli.run("explore", "--strategy", "nope"), "deploysim: --strategy: unknown strategy 'nope'");
        assertOneLineError(cli.run("explore", "--strategy", "canary", "--tries", "-1"), "deploysim: --tries: must be >= 1, was -1");
        assertThat(cli.run("explore", file("s.json", "{\"seed\": 3}").toString(), "--strategy", "canary", "--tries", "50").exit()).isZero();
        Requests.Explore e = (Requests.Explore) cli.actions.requests.get(0);
        assertThat(e.strategy()).isEqualTo("canary");
        assertThat(e.scenario().strategy().name()).isEqualTo("canary");
        assertThat(e.tries()).isEqualTo(50);
        assertThat(e.seed()).isEqualTo(3);
    }

    @Test
    void replayAcceptsAScenarioOrAResultFileEchoingOne() throws IOException {
        CliHarness cli = CliHarness.wired();
        Path scenario = file("s.json", "{\"seed\": 5}");
        assertThat(cli.run("replay", scenario.toString()).exit()).isZero();
        Requests.Replay a = (Requests.Replay) cli.actions.requests.get(0);
        assertThat(a.result()).isNull();
        assertThat(a.scenario().seed()).isEqualTo(5);

        ObjectNode result = ScenarioLoader.parse("{\"strategy\": \"rolling\", \"traceHash\": \"0123456789abcdef\"}", "r").deepCopy();
        result.set("scenario", loader.toTree(loader.defaults().withSeed(8)));
        Path resultFile = file("result.json", result.toString());
        assertThat(cli.run("replay", resultFile.toString(), "--json").exit()).isZero();
        Requests.Replay b = (Requests.Replay) cli.actions.requests.get(1);
        assertThat(b.result().get("traceHash").asText()).isEqualTo("0123456789abcdef");
        assertThat(b.scenario()).isEqualTo(loader.defaults().withSeed(8));

        assertOneLineError(cli.run("replay", file("r2.json", "{\"scenario\": {\"seed\": []}}").toString()),
                "r2.json (its scenario): seed: expected a whole number, was a list");
    }

    @Test
    void unexpectedFailuresAreInternalErrorsWithATraceOnlyUnderDebug() {
        CliHarness cli = CliHarness.wired();
        cli.actions.failure = new IllegalStateException("world exploded");
        CliHarness.Outcome o = cli.run("run");
        assertThat(o.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(o.errLines()).containsExactly(
                "deploysim: internal error: java.lang.IllegalStateException: world exploded (rerun with --debug for the stack trace)");
        CliHarness.Outcome d = cli.run("run", "--debug");
        assertThat(d.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(d.errLines().get(0)).isEqualTo("deploysim: internal error: java.lang.IllegalStateException: world exploded");
        assertThat(d.err()).contains("\tat ");
    }
}
