package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.report.HtmlReport;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulation commands end to end through {@link Main#execute}, with the shipped strategies:
 * every command and every exit code, checked against the runner itself (a run's numbers), the
 * aggregation applied to direct runs (a comparison's rows), and the original trace hash (a replay).
 */
class CommandsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ScenarioLoader LOADER = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));

    @TempDir
    Path dir;

    /** An invariant checker for the tests: serving never drops to zero after the deploy starts. */
    private static final Checker NEVER_ZERO = new Checker() {
        @Override
        public String name() {
            return "never-zero-serving";
        }

        @Override
        public List<Violation> check(DeployRun run) {
            List<Violation> out = new ArrayList<>();
            for (ServingTimeline.Interval i : ServingTimeline.of(run.log()).zeroServingIntervals(run.deployStartNanos(), run.endNanos())) {
                out.add(new Violation(name(), i.startNanos(), "no machine serving for " + i.lengthNanos() / 1e9 + " s"));
            }
            return out;
        }
    };

    private static Runner checkingRunner() {
        return Runner.of((faults, world, deploy) -> { }, List.of(NEVER_ZERO));
    }

    private static Scenario scenario(String strategy, int machines, long seed) {
        AppSpec d = LOADER.defaults().app();
        AppSpec.Group g = d.groups().get(0);
        AppSpec app = new AppSpec(d.name(), d.currentImage(), d.newImage(), d.primaryRegion(), List.of(new AppSpec.Group(
                g.name(), machines, g.stopped(), g.region(), g.hasServices(), g.checks(), g.killTimeout(), g.newVersionHealthy())));
        return LOADER.defaults().withSeed(seed).withStrategy(LOADER.catalog().resolve("strategy", strategy, new TreeMap<>()))
                .withApp(app);
    }

    private static JsonNode json(CliHarness.Outcome o) throws Exception {
        return MAPPER.readTree(o.out());
    }

    private static Path flyToml(String name) throws Exception {
        return Path.of(CommandsTest.class.getResource("/flytoml/" + name).toURI());
    }

    // ------------------------------------------------------------------ strategies

    @Test
    void strategiesListsEveryRegisteredStrategyWithItsOptionsDefaultsAndPromises() throws Exception {
        CliHarness.Outcome o = CliHarness.asShipped().run("strategies", "--json");
        assertThat(o.exit()).as(o.toString()).isZero();
        JsonNode list = json(o).get("strategies");
        List<Strategy> registered = Strategies.all();
        assertThat(list).hasSize(registered.size());
        for (int i = 0; i < registered.size(); i++) {
            Strategy s = registered.get(i);
            JsonNode e = list.get(i);
            assertThat(e.get("name").asText()).isEqualTo(s.name());
            assertThat(e.get("source").asText()).isEqualTo(s.source());
            assertThat(e.get("options")).hasSize(s.options().size());
            for (int j = 0; j < s.options().size(); j++) {
                OptionSpec spec = s.options().get(j);
                JsonNode opt = e.get("options").get(j);
                assertThat(opt.get("name").asText()).isEqualTo(spec.name());
                assertThat(opt.get("type").asText()).isEqualTo(spec.type().name().toLowerCase(java.util.Locale.ROOT));
                switch (spec.type()) {
                    case INT -> assertThat(opt.get("default").asInt()).isEqualTo(spec.defaultValue());
                    case DOUBLE -> assertThat(opt.get("default").asDouble()).isEqualTo(spec.defaultValue());
                    case BOOLEAN -> assertThat(opt.get("default").asBoolean()).isEqualTo(spec.defaultValue());
                    case DURATION -> assertThat(dev.deploysim.model.deploy.Options.parseDuration(opt.get("default").asText()))
                            .isEqualTo(spec.defaultValue());
                    case STRING -> assertThat(opt.get("default").asText()).isEqualTo(spec.defaultValue());
                }
            }
            List<String> invariants = new ArrayList<>();
            e.get("guarantees").forEach(g -> invariants.add(g.get("invariant").asText()));
            assertThat(invariants).containsExactlyElementsOf(s.guarantees().stream().map(Guarantee::invariant).toList());
        }
        CliHarness.Outcome bad = CliHarness.asShipped().run("strategies", "--yaml");
        assertThat(bad.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.errLines()).containsExactly("deploysim strategies: Unknown option: '--yaml' (see 'deploysim strategies --help')");
        CliHarness.Outcome text = CliHarness.asShipped().run("strategies");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).startsWith("immediate\n  source: flyctl ").contains("\nrolling\n")
                .contains("    maxUnavailable = 0.33").contains("  promises:\n    ").contains("never-zero-serving when ");
    }

    // ------------------------------------------------------------------ run

    @Test
    void runReportsExactlyWhatTheRunnerMeasured() throws Exception {
        CliHarness.Outcome o = CliHarness.asShipped().run("run", "--strategy", "rolling", "--machines", "3", "--seed", "4", "--json");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.err()).isEmpty();
        JsonNode j = json(o);
        DeployRun direct = Runners.standard().run(scenario("rolling", 3, 4));
        assertThat(j.get("strategy").asText()).isEqualTo("rolling");
        assertThat(j.get("seed").asLong()).isEqualTo(4);
        assertThat(j.get("machines").asInt()).isEqualTo(3);
        assertThat(j.get("outcome").asText()).isEqualTo(direct.outcomeName());
        assertThat(j.get("deploySeconds").asDouble()).isCloseTo(direct.metrics().deploySeconds(), org.assertj.core.data.Offset.offset(0.0005));
        assertThat(j.get("minServing").asInt()).isEqualTo(direct.metrics().minServing());
        assertThat(j.get("zeroServingSeconds").asDouble())
                .isCloseTo(direct.metrics().zeroServingSeconds(), org.assertj.core.data.Offset.offset(0.0005));
        assertThat(j.get("probes").get("sent").asLong()).isEqualTo(direct.metrics().probes().sent());
        assertThat(j.get("probes").get("ok").asLong()).isEqualTo(direct.metrics().probes().ok());
        assertThat(j.get("probes").get("slow").asLong()).isEqualTo(direct.metrics().probes().slow());
        assertThat(j.get("probes").get("failed").asLong()).isEqualTo(direct.metrics().probes().failed());
        assertThat(j.get("peakMachines").asInt()).isEqualTo(direct.metrics().peakMachines());
        assertThat(j.get("machineSeconds").asDouble()).isCloseTo(direct.metrics().machineSeconds(), org.assertj.core.data.Offset.offset(0.0005));
        assertThat(j.get("violations")).isEmpty();
        assertThat(j.get("traceHash").asText()).isEqualTo(direct.traceHash());
        assertThat(LOADER.fromTree(j.get("scenario"), "echo", List.of())).isEqualTo(scenario("rolling", 3, 4));

        CliHarness.Outcome human = CliHarness.asShipped().run("run", "--strategy", "rolling", "--machines", "3", "--seed", "4");
        assertThat(human.exit()).isZero();
        assertThat(human.out()).startsWith("rolling, 3 machines, seed 4, platform fly: " + direct.outcomeName() + " in ")
                .contains("\n  trace hash  " + direct.traceHash() + "\n");
    }

    @Test
    void runWritesResultCsvTraceAndPageAtomically() throws Exception {
        Path out = dir.resolve("report");
        CliHarness.Outcome o = CliHarness.asShipped().run("run", "--strategy", "canary", "--machines", "1", "--out", out.toString(), "--json");
        assertThat(o.exit()).as(o.toString()).isZero();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("report.html", "result.csv", "result.json", "trace.jsonl");
        }
        assertThat(Files.readString(out.resolve("result.json"))).isEqualTo(o.out());
        DeployRun direct = Runners.standard().run(scenario("canary", 1, 1));
        assertThat(Files.readAllLines(out.resolve("trace.jsonl"))).hasSize(direct.log().size());
        assertThat(Files.readAllLines(out.resolve("result.csv"))).hasSize(2);
        JsonNode embedded = MAPPER.readTree(HtmlReport.embeddedJson(Files.readString(out.resolve("report.html"))));
        assertThat(embedded.get("result")).isEqualTo(json(o));
        assertThat(embedded.get("timeline").get("machines")).hasSize(2); // the machine and its canary

        CliHarness.Outcome human = CliHarness.asShipped().run("run", "--strategy", "canary", "--machines", "1", "--out", out.toString());
        assertThat(human.out()).contains("  report      " + out + "/ (result.json, result.csv, trace.jsonl, report.html)\n");
    }

    @Test
    void runOfAFlyTomlSaysWhatItUsedAndIgnored() throws Exception {
        CliHarness.Outcome o = CliHarness.asShipped().run("run", flyToml("web-http-service.toml").toString(), "--machines", "2");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("web-http-service.toml: read as fly.toml\nused:\n  app = \"shiny-bird-4821\" -> app.name\n")
                .contains("\nignored:\n").contains("\nbluegreen, 2 machines, seed 1, platform fly: ");
        CliHarness.Outcome j = CliHarness.asShipped().run("run", flyToml("web-http-service.toml").toString(), "--json");
        assertThat(j.exit()).isZero();
        assertThat(json(j).get("flyToml").get("used").get(0).asText()).isEqualTo("app = \"shiny-bird-4821\" -> app.name");
        assertThat(j.err()).startsWith(flyToml("web-http-service.toml") + ": read as fly.toml\n");
    }

    @Test
    void aViolatedPromiseExitsOneAndAKeptOneExitsZero() throws Exception {
        CliHarness cli = CliHarness.withRunner(checkingRunner(), PromiseCheck.everyViolation());
        // flyctl #4745: a canary deploy of a one-machine app leaves nothing serving
        CliHarness.Outcome broken = cli.run("run", "--strategy", "canary", "--machines", "1", "--json");
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(ExitCodes.VIOLATION);
        JsonNode v = json(broken).get("violations").get(0);
        assertThat(v.get("invariant").asText()).isEqualTo("never-zero-serving");
        assertThat(v.get("promised").asBoolean()).isTrue();
        assertThat(json(broken).get("checkers").asInt()).isEqualTo(1);
        CliHarness.Outcome human = cli.run("run", "--strategy", "canary", "--machines", "1");
        assertThat(human.exit()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(human.out()).contains("BROKEN PROMISE never-zero-serving at ");

        CliHarness.Outcome kept = cli.run("run", "--strategy", "bluegreen", "--machines", "3", "--json");
        assertThat(kept.exit()).as(kept.toString()).isZero();
        assertThat(json(kept).get("violations")).isEmpty();

        // a violation the strategy did not promise is reported, but is not a failure
        CliHarness lenient = CliHarness.withRunner(checkingRunner(), run -> List.of());
        CliHarness.Outcome reported = lenient.run("run", "--strategy", "canary", "--machines", "1", "--json");
        assertThat(reported.exit()).isZero();
        assertThat(json(reported).get("violations").get(0).get("promised").asBoolean()).isFalse();
    }

    @Test
    void aFailureInsideTheSimulatorExitsThreeWithOneLine() throws Exception {
        Runner broken = new Runner(name -> {
            throw new IllegalStateException("strategy table corrupted");
        }, (faults, world, deploy) -> { }, List.of());
        CliHarness.Outcome o = CliHarness.withRunner(broken, PromiseCheck.everyViolation()).run("run");
        assertThat(o.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(o.errLines()).containsExactly("deploysim: internal error: java.lang.IllegalStateException: strategy table corrupted"
                + " (rerun with --debug for the stack trace)");
        Path scenarioFile = dir.resolve("s.json");
        Files.writeString(scenarioFile, "{\"seed\": 3}");
        CliHarness.Outcome r = CliHarness.withRunner(broken, PromiseCheck.everyViolation()).run("replay", scenarioFile.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(r.errLines()).hasSize(1);
        CliHarness.Outcome c = CliHarness.withRunner(broken, PromiseCheck.everyViolation()).run("compare", "--seeds", "2");
        assertThat(c.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(c.errLines()).hasSize(1);
        assertThat(c.err()).contains("strategy table corrupted");
        assertThat(c.out()).isEmpty();
    }

    // ------------------------------------------------------------------ replay

    @Test
    void replayOfAResultFileReproducesItsTraceHashAndExitsOneWhenItDiffers() throws Exception {
        Path out = dir.resolve("r");
        CliHarness.Outcome run = CliHarness.asShipped().run("run", "--strategy", "rolling", "--machines", "2", "--seed", "9",
                "--set", "platform.proxyRetries=0", "--out", out.toString(), "--json");
        assertThat(run.exit()).isZero();
        String hash = json(run).get("traceHash").asText();

        CliHarness.Outcome same = CliHarness.asShipped().run("replay", out.resolve("result.json").toString());
        assertThat(same.exit()).as(same.toString()).isZero();
        assertThat(same.out()).endsWith("replay matches " + out.resolve("result.json") + ": same trace hash " + hash + "\n");
        CliHarness.Outcome sameJson = CliHarness.asShipped().run("replay", out.resolve("result.json").toString(), "--json");
        assertThat(json(sameJson).get("traceHash").asText()).isEqualTo(hash);
        assertThat(json(sameJson).get("replay").get("matches").asBoolean()).isTrue();

        ObjectNode tampered = (ObjectNode) MAPPER.readTree(out.resolve("result.json").toFile());
        tampered.put("traceHash", "0000000000000000");
        Path t = dir.resolve("tampered.json");
        Files.writeString(t, tampered.toString());
        CliHarness.Outcome differs = CliHarness.asShipped().run("replay", t.toString());
        assertThat(differs.exit()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(differs.out()).contains("REPLAY DIFFERS: " + t + " recorded trace hash 0000000000000000, the replay gave " + hash);

        // the echoed scenario alone, as a scenario file, replays to the same hash
        Path scenarioFile = dir.resolve("scenario.json");
        Files.writeString(scenarioFile, json(run).get("scenario").toString());
        CliHarness.Outcome fromScenario = CliHarness.asShipped().run("replay", scenarioFile.toString());
        assertThat(fromScenario.exit()).isZero();
        assertThat(fromScenario.out()).endsWith("replayed " + scenarioFile + " (a scenario file): trace hash " + hash + "\n");
    }

    @Test
    void replayRefusesACompareReportWithOneLine() throws Exception {
        Path out = dir.resolve("c");
        assertThat(CliHarness.asShipped().run("compare", "--strategies", "rolling", "--machines", "1", "--seeds", "1", "--out",
                out.toString()).exit()).isZero();
        CliHarness.Outcome o = CliHarness.asShipped().run("replay", out.resolve("compare.json").toString());
        assertThat(o.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).hasSize(1);
        assertThat(o.err()).contains("compare.json: baseScenario: this is a compare report");
    }

    @Test
    void replayOfARunThatBrokeAPromiseExitsOneAgain() throws Exception {
        CliHarness cli = CliHarness.withRunner(checkingRunner(), PromiseCheck.everyViolation());
        Path out = dir.resolve("bad");
        assertThat(cli.run("run", "--strategy", "canary", "--machines", "1", "--out", out.toString()).exit()).isEqualTo(ExitCodes.VIOLATION);
        CliHarness.Outcome again = cli.run("replay", out.resolve("result.json").toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(again.out()).contains("BROKEN PROMISE never-zero-serving").contains("replay matches");
    }

    // ------------------------------------------------------------------ compare

    @Test
    void compareRowsAreTheAggregatesOfTheDirectRunsAndIndependentOfThreads() throws Exception {
        String[] args = {"compare", "--strategies", "immediate,bluegreen", "--machines", "1,2", "--seeds", "3", "--json"};
        CliHarness.Outcome one = CliHarness.withRunner(Runners.standard(), PromiseCheck.everyViolation(), 1).run(args);
        CliHarness.Outcome two = CliHarness.withRunner(Runners.standard(), PromiseCheck.everyViolation(), 2).run(args);
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(two.out()).isEqualTo(one.out());
        JsonNode rows = json(one).get("rows");
        assertThat(rows).hasSize(4);
        int r = 0;
        for (String strategy : List.of("immediate", "bluegreen")) {
            for (int machines : List.of(1, 2)) {
                List<RunSummary> direct = new ArrayList<>();
                for (long seed = 1; seed <= 3; seed++) {
                    DeployRun run = Runners.standard().run(scenario(strategy, machines, seed));
                    direct.add(RunSummary.of(run, run.violations(), 0));
                }
                CompareRow expected = CompareRow.of(strategy, machines, direct);
                JsonNode row = rows.get(r++);
                assertThat(row.get("strategy").asText()).isEqualTo(strategy);
                assertThat(row.get("machines").asInt()).isEqualTo(machines);
                assertThat(row.get("runs").asInt()).isEqualTo(3);
                assertThat(row.get("deploySeconds").get("p50").asDouble()).isEqualTo(expected.deploySeconds().p50());
                assertThat(row.get("deploySeconds").get("p99").asDouble()).isEqualTo(expected.deploySeconds().p99());
                assertThat(row.get("zeroServingSeconds").get("max").asDouble()).isEqualTo(expected.zeroServingSeconds().max());
                assertThat(row.get("runsWithZeroServing").asInt()).isEqualTo(expected.runsWithZeroServing());
                assertThat(row.get("failedProbeRate").asDouble()).isEqualTo(expected.failedProbeRate());
                assertThat(row.get("minServing").asInt()).isEqualTo(expected.minServing());
                assertThat(row.get("peakMachines").asInt()).isEqualTo(expected.peakMachines());
                assertThat(row.get("machineSecondsMean").asDouble()).isEqualTo(expected.machineSecondsMean());
            }
        }
        assertThat(json(one).get("runs")).hasSize(12);
    }

    @Test
    void compareWithNoArgumentsTablesTheFlyctlStrategiesAtOneThreeAndTenMachines() {
        CliHarness.Outcome o = CliHarness.asShipped().run("compare", "--seeds", "2");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.err()).isEmpty();
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("deploysim compare: 5 strategies x 3 sizes x 2 seeds = 30 runs on the built-in default "
                + "scenario, platform fly (seeds 1..2)");
        List<String> rowKeys = new ArrayList<>();
        int legend = lines.indexOf(lines.stream().filter(l -> l.startsWith("Seconds of virtual time.")).findFirst().orElseThrow());
        for (String l : lines.subList(3, legend)) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 2 && f[1].matches("\\d+")) {
                rowKeys.add(f[0] + " " + f[1]);
            }
        }
        assertThat(rowKeys).containsExactly("immediate 1", "immediate 3", "immediate 10", "rolling 1", "rolling 3", "rolling 10",
                "canary 1", "canary 3", "canary 10", "canary-serving 1", "canary-serving 3", "canary-serving 10", "bluegreen 1",
                "bluegreen 3", "bluegreen 10");
        assertThat(CompareCommand.DEFAULT_SEEDS).isEqualTo(100);
    }

    @Test
    void compareWritesItsJsonCsvAndPage() throws Exception {
        Path out = dir.resolve("cmp");
        CliHarness.Outcome o = CliHarness.asShipped().run("compare", "--strategies", "rolling,canary", "--machines", "1", "--seeds", "2",
                "--out", out.toString());
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).endsWith("report written to " + out + "/ (compare.json, compare.csv, report.html)\n");
        JsonNode j = MAPPER.readTree(out.resolve("compare.json").toFile());
        assertThat(j.get("rows")).hasSize(2);
        assertThat(j.get("complete").asBoolean()).isTrue();
        assertThat(Files.readAllLines(out.resolve("compare.csv"))).hasSize(3);
        assertThat(MAPPER.readTree(HtmlReport.embeddedJson(Files.readString(out.resolve("report.html")))).get("compare")).isEqualTo(j);
        CliHarness.Outcome all = CliHarness.asShipped().run("compare", "--strategies", "all", "--machines", "1", "--seeds", "1", "--json");
        List<String> strategies = new ArrayList<>();
        json(all).get("strategies").forEach(s -> strategies.add(s.asText()));
        assertThat(strategies).containsExactlyElementsOf(Strategies.names());
    }

    @Test
    void anInterruptedCompareKeepsExactlyTheRowsThatFinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Semaphore blocked = new Semaphore(0);
        AtomicInteger bluegreenStarts = new AtomicInteger();
        // bluegreen's runs wait until released; immediate's runs, submitted first, finish first
        Runner gated = new Runner(name -> {
            if (name.equals("bluegreen")) {
                bluegreenStarts.incrementAndGet();
                blocked.release();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Strategies.get(name);
        }, (faults, world, deploy) -> { }, List.of());
        RunnerActions actions = new RunnerActions(LOADER, gated, PromiseCheck.everyViolation(), RunnerActions.Environment.quiet(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Requests.Compare request = new Requests.Compare(LOADER.defaults(), null, true, "(default scenario)",
                List.of("immediate", "bluegreen"), List.of(1), 2, null, false, false, null);
        RunnerActions.CompareRun compare = actions.prepareCompare(request, o, e);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(compare.execute()));
        t.start();
        // both threads are inside bluegreen runs, so both immediate runs have finished
        assertThat(blocked.tryAcquire(2, 60, TimeUnit.SECONDS)).isTrue();
        compare.interrupted(); // what Ctrl-C's shutdown hook does
        release.countDown();
        t.join(60_000);
        assertThat(exit.get()).isEqualTo(ExitCodes.INTERRUPTED);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("\nimmediate  ").doesNotContain("\nbluegreen  ")
                .contains("interrupted: 1 of 2 rows finished (2 of 4 runs); only finished rows are shown");
        assertThat(bluegreenStarts.get()).isEqualTo(2);
    }

    @Test
    void theProgressBarGoesToStderrAndLeavesStdoutUnchanged() {
        CliHarness.Outcome plain = CliHarness.asShipped().run("compare", "--strategies", "immediate", "--machines", "1", "--seeds", "3");
        CliHarness.Outcome bar = CliHarness.asShipped().run("compare", "--strategies", "immediate", "--machines", "1", "--seeds", "3",
                "--progress");
        assertThat(bar.exit()).isZero();
        assertThat(bar.out()).isEqualTo(plain.out());
        assertThat(plain.err()).isEmpty();
        assertThat(bar.err()).contains("\r[").contains("/3 runs").endsWith("\r");
    }

    @Test
    void aRunsProgressGoesToStderrErasesItselfAndLeavesTheRunUnchanged() {
        CliHarness.Outcome plain = CliHarness.asShipped().run("run", "--machines", "20", "--json");
        CliHarness.Outcome shown = CliHarness.asShipped().run("run", "--machines", "20", "--json", "--progress");
        assertThat(shown.exit()).isEqualTo(plain.exit());
        // same run, same report: the trace hash is in it
        assertThat(shown.out()).isEqualTo(plain.out()).contains("\"traceHash\"");
        assertThat(plain.err()).isEmpty();
        assertThat(shown.err()).startsWith("\rrun: ").contains(" s simulated, ").contains(" of 20 machines started on the new image")
                .endsWith("\r");
        // erased: the last thing drawn is a blank line of the drawn line's width
        assertThat(shown.err().substring(shown.err().lastIndexOf('\r', shown.err().length() - 2) + 1).trim()).isEmpty();
    }

    // ------------------------------------------------------------------ explore

    @Test
    void exploreSearchesTheStrategysPromisesAndPrintsItsStatistics() {
        CliHarness.Outcome o = CliHarness.asShipped().run("explore", "--strategy", "canary", "--tries", "30");
        assertThat(o.exit()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).contains("explore 'explore canary': PASSED after 30 tries").contains("strategy:canary")
                .contains("promised:liveness");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void exploreAsJsonReportsTheOutcomeAndWritesTheReportUnderOut(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("explore");
        CliHarness.Outcome o = CliHarness.asShipped().run("explore", "--strategy", "bluegreen", "--tries", "20", "--seed", "3",
                "--json", "--out", out.toString());
        assertThat(o.exit()).isEqualTo(ExitCodes.OK);
        JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(o.out());
        assertThat(j.get("strategy").asText()).isEqualTo("bluegreen");
        assertThat(j.get("status").asText()).isEqualTo("passed");
        assertThat(j.get("tries").asInt()).isEqualTo(20);
        assertThat(j.get("seed").asLong()).isEqualTo(3);
        assertThat(j.get("counterexample").isNull()).isTrue();
        assertThat(j.get("statistics").get("strategy:bluegreen").asInt()).isEqualTo(20);
        assertThat(Files.readString(out.resolve("report.txt"))).contains("PASSED after 20 tries");
    }
}
