package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.scenario.Limits;
import dev.deploysim.strategies.Strategies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input as a new user would type it, generated from a seeded random source and run
 * through the shipped CLI in-process ({@link Main#execute}, the real runner): extreme durations in
 * every duration field, every distribution and every duration option; extreme rates and budgets;
 * apps with no started machines; unusable {@code --out} directories; reports stopped half-way
 * through their write; result files with a bad {@code traceHash}; too many process groups or
 * machines; fly.toml input to {@code compare}; and the JSON that trips parsers (NaN, a leading
 * plus, a byte-order mark). The rule every case is held to (see {@link #verdict}): exit 2 with
 * exactly one line on stderr naming the field, or run correctly (exit 0 or 1 and a well-formed
 * report; a run that does not finish says which budget ran out); never exit 3, never a stack
 * trace, and every case ends within its time bound.
 */
class HostileInputTest {
    /** Every case's bound: far above what any takes (the slowest are runs that use up an event budget). */
    private static final Duration CASE_BOUND = Duration.ofSeconds(60);
    /** Runs whose input is merely extreme get this event budget, so each stays well under a second or two. */
    private static final String RUN_BUDGET = "budget.maxEvents=300000";
    private static final Pattern RUN_HEADLINE = Pattern.compile(
            "^[a-z0-9-]+, \\d+ machines?, seed -?\\d+(, platform [^:]+)?: (succeeded|failed|rolled back|unfinished) (in|after) \\d+(\\.\\d+)? s.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliHarness cli = CliHarness.asShipped();
    private final SplittableRandom r = new SplittableRandom(18);
    private final Map<String, int[]> tally = new TreeMap<>();

    /** A case: its class, the command line, and the field its error must name when it exits 2 (null: must run). */
    private record Case(String kind, List<String> args, String field, boolean mayRun) {
    }

    // ------------------------------------------------------------------ the rule

    private CliHarness.Outcome verdict(Case c) {
        CliHarness.Outcome o = assertTimeoutPreemptively(CASE_BOUND, () -> cli.run(c.args().toArray(String[]::new)),
                () -> c.kind() + ": no verdict within " + CASE_BOUND + ": " + c.args());
        String describe = c.kind() + " " + c.args() + "\n" + o;
        assertThat(o.exit()).as(describe).isIn(ExitCodes.OK, ExitCodes.VIOLATION, ExitCodes.BAD_INPUT);
        assertThat(o.err()).as(describe).doesNotContain("internal error").doesNotContain("\tat ")
                .doesNotContain("Exception").doesNotContain("JsonReadFeature").doesNotContain("enable `");
        int[] counts = tally.computeIfAbsent(c.kind(), k -> new int[2]);
        if (o.exit() == ExitCodes.BAD_INPUT) {
            counts[0]++;
            assertThat(o.errLines()).as(describe).hasSize(1);
            assertThat(o.err()).as(describe).startsWith("deploysim: ");
            if (c.field() != null) {
                // the field itself, or (a rule between two fields, e.g. a probe's slow threshold within its
                // timeout) the other field's path with this one's name in the fix
                String name = c.field().substring(c.field().lastIndexOf('.') + 1);
                assertThat(o.err().contains(c.field()) || o.err().contains(name + " ")).as(describe).isTrue();
            }
            assertThat(o.out()).as(describe).isEmpty();
        } else {
            counts[1]++;
            assertThat(c.mayRun()).as("must be refused, naming " + c.field() + ": " + describe).isTrue();
            String headline = o.out().lines().filter(l -> RUN_HEADLINE.matcher(l).matches()).findFirst().orElse(null);
            if (c.args().get(0).equals("run")) {
                assertThat(headline).as("a run's report: " + describe).isNotNull();
                if (headline.contains(": unfinished")) {
                    assertThat(headline).as("an unfinished run says which budget ran out: " + describe)
                            .containsAnyOf("budget.maxEvents", "budget.maxVirtualSeconds", "deadlock");
                }
            }
        }
        return o;
    }

    private static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }

    private <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    // ------------------------------------------------------------------ extreme durations

    /** Every number of seconds in the default scenario, as a --set path. */
    private static final List<String> SECONDS_FIELDS = List.of("platform.proxyHoldTimeoutSeconds",
            "probes.timeoutSeconds", "probes.slowThresholdSeconds", "app.groups[0].killTimeoutSeconds",
            "app.groups[0].checks[0].gracePeriodSeconds", "app.groups[0].checks[0].intervalSeconds",
            "app.groups[0].checks[0].timeoutSeconds", "budget.maxVirtualSeconds");
    /** Every distribution of the platform. */
    private static final List<String> DISTRIBUTIONS = List.of("platform.bootSeconds", "platform.imagePullSeconds",
            "platform.appReadySeconds", "platform.appShutdownSeconds", "platform.propagationSeconds",
            "platform.apiLatencySeconds", "platform.destroySeconds", "platform.requestSeconds");
    /** Numbers beyond {@link Limits#MAX_SECONDS}. */
    private static final List<Double> TOO_LONG = List.of(Limits.MAX_SECONDS * 1.000001, 1e7, 1e9, 1e12, 9.3e18, 1e19,
            1e100, 1e300, Double.MAX_VALUE);
    /** Numbers a duration may hold, or that its own lower bound may refuse. */
    private static final List<Double> EDGES = List.of(0.0, 1e-12, 1e-9, 0.001, 1.0, 3600.0, 86_400.0, Limits.MAX_SECONDS);

    @Test
    void everyCaseExitsTwoNamingTheFieldOrRunsCorrectly() throws IOException {
        List<Case> cases = new ArrayList<>();
        cases.addAll(durations(80));
        cases.addAll(distributions(80));
        cases.addAll(durationOptions(50));
        cases.addAll(faultTimes(24));
        cases.addAll(ratesAndBudgets());
        cases.addAll(unusableOut());
        cases.addAll(caps());
        cases.addAll(parserTraps());
        long t0 = System.nanoTime();
        for (Case c : cases) {
            verdict(c);
        }
        System.out.printf("hostile inputs: %d cases in %.1f s; by class (refused, ran): %s%n", cases.size(),
                (System.nanoTime() - t0) / 1e9, tallyText());
        assertThat(cases).hasSizeGreaterThan(300);
        for (int[] counts : tally.values()) {
            assertThat(counts[0] + counts[1]).isGreaterThanOrEqualTo(5);
        }
    }

    private String tallyText() {
        StringBuilder sb = new StringBuilder();
        tally.forEach((k, v) -> sb.append(k).append(' ').append(v[0]).append('/').append(v[1]).append("; "));
        return sb.toString();
    }

    private List<Case> durations(int n) {
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = pick(SECONDS_FIELDS);
            boolean over = r.nextBoolean();
            double v = over ? pick(TOO_LONG) : pick(EDGES);
            String cmd = r.nextInt(3) == 0 ? "validate" : "run";
            List<String> a = cmd.equals("validate") ? args(cmd, defaultScenario()) : args(cmd);
            if (path.contains(".checks[0].")) {
                // the default app (fly launch's) has no check: give it one to set
                a.addAll(List.of("--set", "app.groups[0].checks=[{\"name\":\"c\",\"type\":\"tcp\"}]"));
            }
            a.addAll(List.of("--set", path + "=" + v));
            if (cmd.equals("run")) {
                a.addAll(List.of("--set", RUN_BUDGET, "--strategy", pick(List.of("immediate", "rolling", "canary", "bluegreen"))));
            }
            out.add(new Case("duration", a, path, !over));
        }
        return out;
    }

    /** A scenario file that takes every default, for {@code validate} (which needs one). */
    private String defaultScenario() {
        Path f = dir.resolve("defaults.json");
        try {
            if (!Files.exists(f)) {
                Files.writeString(f, "{}");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f.toString();
    }

    private List<Case> distributions(int n) {
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = pick(DISTRIBUTIONS);
            boolean over = r.nextBoolean();
            double v = over ? pick(TOO_LONG) : pick(EDGES);
            double sigma = over ? pick(List.of(10.5, 1e3, 1e300)) : pick(List.of(0.0, 1.0, 10.0));
            double weight = over ? pick(List.of(1e7, 1e300, Double.MAX_VALUE)) : pick(List.of(1e-300, 1.0, 1e6));
            String d = switch (r.nextInt(6)) {
                case 0 -> String.valueOf(v);
                case 1 -> "{\"uniform\": [" + (r.nextBoolean() ? 0 : v) + ", " + v + "]}";
                case 2 -> "{\"exponential\": " + v + "}";
                case 3 -> "{\"lognormal\": {\"median\": " + Math.max(v, 1e-9) + ", \"sigma\": " + sigma + "}}";
                case 4 -> "{\"lognormal\": {\"median\": 1, \"sigma\": " + sigma + ", \"max\": " + v + "}}";
                default -> "{\"mixture\": [{\"weight\": " + weight + ", \"constant\": " + v + "}, {\"weight\": " + weight
                        + ", \"uniform\": [0, 1]}]}";
            };
            List<String> a = args("run", "--set", path + "=" + d, "--set", RUN_BUDGET);
            out.add(new Case("distribution", a, path, !over));
        }
        return out;
    }

    private List<Case> durationOptions(int n) {
        List<String[]> options = new ArrayList<>();
        for (Strategy s : Strategies.all()) {
            for (OptionSpec o : s.options()) {
                if (o.type() == OptionSpec.Type.DURATION) {
                    options.add(new String[] {s.name(), o.name()});
                }
            }
        }
        List<String> tooLong = List.of("99999999999999999h", "9999999999h", "1000001s", "16667m", "278h", "1e12s", "1e300",
                "PT9999999H", "PT1000001S");
        List<String> fine = List.of("0s", "1ms", "1s", "10m", "1000000s", "277h");
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] so = pick(options);
            boolean over = r.nextBoolean();
            String v = over ? pick(tooLong) : pick(fine);
            List<String> a = args("run", "--strategy", so[0], "--set", "strategy.options." + so[1] + "=" + v, "--set", RUN_BUDGET);
            out.add(new Case("duration-option", a, "strategy.options." + so[1], !over));
        }
        return out;
    }

    private List<Case> faultTimes(int n) {
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean over = r.nextBoolean();
            double v = over ? pick(TOO_LONG) : pick(EDGES);
            String[] f = switch (r.nextInt(4)) {
                case 0 -> new String[] {"{\"type\": \"machine-crash\", \"target\": {\"group\": \"app\"}, \"atSeconds\": " + v + "}",
                    "faults[0].atSeconds"};
                case 1 -> new String[] {"{\"type\": \"lease-held\", \"target\": {\"group\": \"app\", \"machine\": 0}, \"atSeconds\": 1, "
                        + "\"durationSeconds\": " + Math.max(v, 1e-9) + "}", "faults[0].durationSeconds"};
                case 2 -> new String[] {"{\"type\": \"machine-crash\", \"target\": {\"group\": \"app\"}, \"trigger\": {\"step\": \"any\", "
                        + "\"delaySeconds\": " + v + "}}", "faults[0].trigger.delaySeconds"};
                default -> new String[] {"{\"type\": \"slow-boot\", \"target\": \"app\", \"atSeconds\": 0, \"extraSeconds\": {\"uniform\": [0, " + v + "]}}",
                    "faults[0].extraSeconds"};
            };
            out.add(new Case("fault-time", args("run", "--set", "faults=[" + f[0] + "]", "--set", RUN_BUDGET), f[1], !over));
        }
        return out;
    }

    // ------------------------------------------------------------------ rates and budgets

    private List<Case> ratesAndBudgets() {
        List<Case> out = new ArrayList<>();
        for (String rate : List.of("1e9", "1e4", "1000.5", "1e308", "0", "-1", "1000", "250", "0.001", "1e-300")) {
            double x = Double.parseDouble(rate);
            boolean bad = x > Limits.MAX_RATE_PER_SECOND || x < 1 / Limits.MAX_SECONDS;
            out.add(new Case("rate", args("run", "--set", "probes.ratePerSecond=" + rate), "probes.ratePerSecond", !bad));
        }
        for (String events : List.of("1", "2", "3", "10", "100", "1000", "5000", "0", "-5", "1000000001", "1e12",
                "9223372036854775807", "99999999999999999999")) {
            double e = Double.parseDouble(events);
            boolean bad = e < 1 || e > Limits.MAX_EVENTS;
            out.add(new Case("event-budget", args("run", "--strategy", pick(List.of("rolling", "canary", "bluegreen")),
                    "--set", "budget.maxEvents=" + events), "budget.maxEvents", !bad));
        }
        for (String seconds : List.of("1e-9", "0.001", "1", "4.999", "5", "6", "30", "0", "-1", "1000000.5", "1e300")) {
            double s = Double.parseDouble(seconds);
            boolean bad = s <= 0 || s > Limits.MAX_SECONDS;
            out.add(new Case("time-budget", args("run", "--set", "budget.maxVirtualSeconds=" + seconds),
                    "budget.maxVirtualSeconds", !bad));
        }
        return out;
    }

    @Test
    void anUnfinishedRunSaysWhichBudgetRanOutAndNeverReportsNegativeTime() {
        CliHarness.Outcome events = verdict(new Case("event-budget", args("run", "--set", "budget.maxEvents=1"), null, true));
        assertThat(events.out()).contains("unfinished after 0.0 s").contains("budget.maxEvents is 1").doesNotContain("-5.0");
        CliHarness.Outcome time = verdict(new Case("time-budget", args("run", "--set", "budget.maxVirtualSeconds=30"), null, true));
        assertThat(time.out()).contains("unfinished after 25.0 s").contains("budget.maxVirtualSeconds is 30 s");
    }

    // ------------------------------------------------------------------ apps with no machines

    private List<Case> zeroMachineApps() {
        List<Case> out = new ArrayList<>();
        for (Strategy s : Strategies.all()) {
            out.add(new Case("zero-machines", args("run", "--strategy", s.name(), "--set", "app.groups[0].started=0"), null, true));
            out.add(new Case("zero-machines", args("run", "--strategy", s.name(), "--set", "app.groups[0].started=0",
                    "--set", "app.groups[0].stopped=1"), null, true));
            out.add(new Case("zero-machines", args("run", "--strategy", s.name(), "--set",
                    "app.groups=[{\"name\": \"web\", \"started\": 2}, {\"name\": \"worker\", \"started\": 0, \"hasServices\": false}]"),
                    null, true));
        }
        return out;
    }

    @Test
    void noStrategyBreaksAPromiseOnAnAppWithAnEmptyGroup() {
        for (Case c : zeroMachineApps()) {
            CliHarness.Outcome o = verdict(c);
            assertThat(o.exit()).as(c.args() + "\n" + o).isEqualTo(ExitCodes.OK);
            assertThat(o.out()).as(c.args() + "\n" + o).doesNotContain("BROKEN PROMISE");
        }
    }

    // ------------------------------------------------------------------ --out

    private List<Case> unusableOut() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        List<String> outs = List.of("", " ", file.toString(), file.resolve("sub").toString(), "/proc/deploysim-out",
                "/proc/self/deploysim", "/dev/null", dir.resolve("x".repeat(300)).toString(), "/sys/deploysim-out");
        List<List<String>> commands = List.of(args("run"), args("compare", "--strategies", "immediate", "--machines", "1",
                "--seeds", "1"), args("explore", "--strategy", "immediate", "--tries", "1"),
                args("compare", "--strategies", "immediate", "--machines", "1", "--seeds", "2", "--shard", "1/2"));
        List<Case> out = new ArrayList<>();
        for (String o : outs) {
            if (!o.equals("/dev/null") && !o.equals(file.toString())) { // validate --out names a file: these are files
                out.add(new Case("out", args("validate", defaultScenario(), "--out", o), "--out", false));
            }
            for (List<String> c : commands) {
                List<String> a = new ArrayList<>(c);
                a.addAll(List.of("--out", o));
                out.add(new Case("out", a, "--out", false));
            }
        }
        return out;
    }

    @Test
    void reportsAreWrittenAsASetAndTheCsvSaysTheSweepIsComplete() throws IOException {
        Path out = dir.resolve("cmp");
        CliHarness.Outcome o = verdict(new Case("out", args("compare", "--strategies", "immediate,rolling", "--machines", "1",
                "--seeds", "2", "--out", out.toString()), null, true));
        assertThat(o.exit()).isZero();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("compare.json", "compare.csv",
                    "report.html");
        }
        assertThat(JSON.readTree(out.resolve("compare.json").toFile()).get("complete").asBoolean()).isTrue();
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        assertThat(csv.get(0)).endsWith(",sweepComplete");
        assertThat(csv.subList(1, csv.size())).hasSize(2).allMatch(l -> l.endsWith(",true"));
    }

    /**
     * A write stopped before each of its steps, over an older set in the same directory (as a SIGKILL
     * would stop it): the index is there only beside a whole set of the same write, no file is ever
     * half-written, and the next write leaves the directory clean.
     */
    @Test
    void aReportWriteStoppedAtAnyStepLeavesNoIndexBesideAnotherRunsFiles() throws IOException {
        Map<String, String> old = set("old");
        Map<String, String> fresh = set("new");
        for (int stopAt = 0; ; stopAt++) {
            Path d = dir.resolve("stop-" + stopAt);
            OutFiles.write(d, old);
            int[] step = {0};
            int stop = stopAt;
            boolean stopped;
            try {
                OutFiles.write(d, fresh, s -> {
                    if (step[0]++ == stop) {
                        throw new IOException("stopped before " + s);
                    }
                });
                stopped = false;
            } catch (IOException e) {
                stopped = true;
            }
            Map<String, String> present = new LinkedHashMap<>();
            for (String name : fresh.keySet()) {
                Path p = d.resolve(name);
                if (Files.exists(p)) {
                    present.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
            for (var e : present.entrySet()) {
                assertThat(e.getValue()).as("stop " + stopAt + " " + e.getKey() + " is whole")
                        .isIn(old.get(e.getKey()), fresh.get(e.getKey()));
            }
            String index = fresh.keySet().iterator().next();
            if (present.containsKey(index)) {
                Map<String, String> expected = present.get(index).equals(fresh.get(index)) ? fresh : old;
                assertThat(present).as("stop " + stopAt + ": the index stands beside its own set only").isEqualTo(expected);
            }
            OutFiles.write(d, fresh);
            try (Stream<Path> files = Files.list(d)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("clean after the next write")
                        .containsExactlyInAnyOrderElementsOf(fresh.keySet());
            }
            if (!stopped) {
                assertThat(stopAt).as("steps of a write of three files").isGreaterThan(6);
                break;
            }
        }
    }

    private static Map<String, String> set(String generation) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("compare.json", "{\"generation\": \"" + generation + "\"}\n" + generation.repeat(10_000));
        m.put("compare.csv", "generation\n" + generation + "\n");
        m.put("report.html", "<p>" + generation + "</p>");
        return m;
    }

    // ------------------------------------------------------------------ replay

    @Test
    void replayRefusesATraceHashThatIsNotOneAndComparesAGoodOne() throws IOException {
        Path out = dir.resolve("run");
        assertThat(verdict(new Case("replay", args("run", "--strategy", "immediate", "--out", out.toString()), null, true)).exit())
                .isZero();
        ObjectNode result = (ObjectNode) JSON.readTree(out.resolve("result.json").toFile());
        String good = result.get("traceHash").asText();
        List<JsonNode> bad = List.of(JSON.getNodeFactory().numberNode(123), JSON.getNodeFactory().nullNode(),
                JSON.getNodeFactory().objectNode(), JSON.getNodeFactory().arrayNode(), JSON.getNodeFactory().booleanNode(true),
                JSON.getNodeFactory().textNode(""), JSON.getNodeFactory().textNode("xyz"),
                JSON.getNodeFactory().textNode(good.toUpperCase(java.util.Locale.ROOT) + "0"));
        for (JsonNode b : bad) {
            result.set("traceHash", b);
            Path f = dir.resolve("bad-hash.json");
            Files.writeString(f, result.toString());
            CliHarness.Outcome o = verdict(new Case("replay", args("replay", f.toString()), "traceHash", false));
            assertThat(o.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        }
        result.put("traceHash", good);
        Files.writeString(dir.resolve("good.json"), result.toString());
        CliHarness.Outcome o = verdict(new Case("replay", args("replay", dir.resolve("good.json").toString()), null, true));
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("replay matches");
    }

    // ------------------------------------------------------------------ caps

    private List<Case> caps() throws IOException {
        List<Case> out = new ArrayList<>();
        for (int groups : List.of(Limits.MAX_GROUPS + 1, 300, 1000, 100_000)) {
            StringBuilder sb = new StringBuilder("{\"app\": {\"groups\": [");
            for (int i = 0; i < groups; i++) {
                sb.append(i == 0 ? "" : ", ").append("{\"name\": \"g").append(i).append("\", \"started\": 1}");
            }
            Path f = Files.writeString(dir.resolve("groups-" + groups + ".json"), sb.append("]}}").toString());
            out.add(new Case("caps", args("run", f.toString()), "app.groups", false));
            StringBuilder toml = new StringBuilder("app = \"many\"\n[processes]\n");
            for (int i = 0; i < groups && i < 2000; i++) {
                toml.append("p").append(i).append(" = \"run ").append(i).append("\"\n");
            }
            Path t = Files.writeString(dir.resolve("processes-" + groups + ".toml"), toml.toString());
            out.add(new Case("caps", args(pick(List.of("run", "validate", "compare")), t.toString()), "processes", false));
        }
        for (String started : List.of("100001", "200000", "2147483647", "1e9")) {
            out.add(new Case("caps", args("run", "--set", "app.groups[0].started=" + started), "app.groups[0].started", false));
        }
        out.add(new Case("caps", args("run", "--set", "app.groups=[{\"name\": \"a\", \"started\": 60000}, {\"name\": \"b\", "
                + "\"started\": 50000}]"), "app.groups", false));
        out.add(new Case("caps", args("validate", defaultScenario(), "--set", "platform.proxyRetries=1000001"),
                "platform.proxyRetries", false));
        out.add(new Case("caps", args("run", "--set", "platform.proxyRetries=1000000", "--set", RUN_BUDGET), null, true));
        return out;
    }

    // ------------------------------------------------------------------ parser traps and messages

    private List<Case> parserTraps() throws IOException {
        List<Case> out = new ArrayList<>();
        List<String> fields = List.of("platform.proxyHoldTimeoutSeconds", "probes.ratePerSecond", "seed", "budget.maxEvents");
        int i = 0;
        for (String v : List.of("NaN", "Infinity", "-Infinity", "+5", "1e999", "-1e999", "0x10", ".5", "--1")) {
            String field = pick(fields);
            String[] parts = field.split("\\.");
            String json = parts.length == 1 ? "{\"" + field + "\": " + v + "}"
                    : "{\"" + parts[0] + "\": {\"" + parts[1] + "\": " + v + "}}";
            Path f = Files.writeString(dir.resolve("trap-" + i++ + ".json"), json);
            out.add(new Case("parser-trap", args(pick(List.of("run", "validate")), f.toString()), field, false));
        }
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path withBom = dir.resolve("bom.json");
        Files.write(withBom, concat(bom, "{\"seed\": 7}".getBytes(StandardCharsets.UTF_8)));
        out.add(new Case("parser-trap", args("validate", withBom.toString()), null, true));
        out.add(new Case("parser-trap", args("run", withBom.toString(), "--strategy", "immediate"), null, true));
        for (String mu : List.of("0", "-1", "0.0", "\"-3\"")) {
            out.add(new Case("parser-trap", args("validate", defaultScenario(), "--set", "strategy.options.maxUnavailable=" + mu),
                    "strategy.options.maxUnavailable: must be > 0", false));
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void compareOnAFlyTomlSaysWhatItUsedAndComparesTheFilesStrategy() {
        Path flyToml = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && flyToml == null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/examples/fly.toml"))) {
                flyToml = d.resolve("docs/examples/fly.toml");
            }
        }
        assertThat(flyToml).as("docs/examples/fly.toml above the working directory").isNotNull();
        CliHarness.Outcome o = verdict(new Case("fly.toml", args("compare", flyToml.toString(), "--machines", "1",
                "--seeds", "2"), null, true));
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("read as fly.toml").contains("deploy.strategy = \"bluegreen\" -> strategy.name")
                .contains("1 strategy x 1 size x 2 seeds");
        assertThat(o.out().lines().filter(l -> l.startsWith("bluegreen ")).count()).isEqualTo(1);
        assertThat(o.out()).doesNotContain("\nrolling ");
    }
}
