package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploysim.sim.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploysim sensitivity} through {@link Main}: the tipping point against a hand-derived
 * oracle, the tornado on the same oracle, determinism, and bad input.
 */
class SensitivityCommandTest {
    private static final String TCP_CHECK = "app.groups[0].checks=[{\"name\":\"servicecheck-00-tcp-8080\",\"type\":\"tcp\"}]";

    /**
     * canary-serving at 1 machine with a tcp service check on the {@code constant} platform
     * (every time a constant: API 0.1 s, pull 2 s, boot 1 s, app ready 3 s, no fast re-check).
     * The deploy starts at 5 s; list returns 5.1 s, the canary's launch 5.2 s; it starts at 8.2 s
     * (pull 2 s + boot 1 s) and its app answers at 11.2 s. The tcp check (grace 1 s, interval
     * 15 s) runs at 9.2 s (fails: the app is not ready) and at 24.2 s, when it passes, which
     * registers the canary; the proxy learns that
     * {@code p} seconds later (propagation). flyctl's waitForHealthchecksToPass polls the canary
     * with a GET every 2 s plus the call's 0.1 s; the poll started at 24.9 s returns at 25.0 s
     * with the check passing. Then #5108's listen-address check reads the canary's bound ports
     * once (warnAboutIncorrectListenAddress: the app listens since 11.2 s, so one call, returns
     * 25.1 s), and, in CanaryServingStrategy's path (the canary kept, the existing machine
     * updated in place): releaseLease on the canary (returns 25.2 s), acquireLease on the old
     * machine (25.3 s), Update (25.4 s), and the update's arrival is the old app's kill signal
     * (pull in the gap on this profile). So the old machine stops answering at 25.4 s, and
     * nothing serves in between exactly when the canary is not yet routable then: when
     * 24.2 + p > 25.4, i.e. p > 1.2 s (at p = 1.2 both changes share an instant and the
     * right-continuous serving count never drops). No propagation enters the path to the kill:
     * flyctl reads check state from the API, not from the proxy. The seeds change only IDs.
     */
    private static final double ORACLE_WAIT = 1.2;

    @TempDir
    Path tmp;

    private static List<String> oracle(String... more) {
        List<String> a = new ArrayList<>(List.of("sensitivity", "--profile", "constant", "--strategy", "canary-serving",
                "--machines", "1", "--seeds", "3", "--set", TCP_CHECK));
        a.addAll(List.of(more));
        return a;
    }

    private static CliHarness.Outcome ok(CliHarness.Outcome o) {
        assertThat(o.exit()).as(o.toString()).isZero();
        return o;
    }

    @Test
    void findsTheTippingPointOfTheHandDerivedWaitWithinItsBracket() throws Exception {
        CliHarness cli = CliHarness.asShipped();
        CliHarness.Outcome o = ok(cli.run(oracle("--find-threshold", "propagationSeconds", "--json").toArray(String[]::new)));
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertThat(j.get("flips").asBoolean()).isTrue();
        assertThat(j.get("atLow").asBoolean()).isFalse();
        assertThat(j.get("atHigh").asBoolean()).isTrue();
        double below = j.get("bracket").get(0).asDouble();
        double above = j.get("bracket").get(1).asDouble();
        assertThat(below).isLessThanOrEqualTo(ORACLE_WAIT);
        assertThat(above).isGreaterThan(ORACLE_WAIT);
        assertThat(above / below).isLessThanOrEqualTo(1.001);

        CliHarness.Outcome text = ok(cli.run(oracle("--find-threshold", "propagationSeconds").toArray(String[]::new)));
        assertThat(text.out()).contains("some run has zero serving once propagationSeconds (its median) exceeds 1.2 s [");
        // deterministic: same inputs, byte-identical output
        assertThat(cli.run(oracle("--find-threshold", "propagationSeconds").toArray(String[]::new)).out()).isEqualTo(text.out());
    }

    @Test
    void theTornadoShowsTheStepAtTheOracleWaitAndWritesItsReport() throws Exception {
        CliHarness cli = CliHarness.asShipped();
        Path dir = tmp.resolve("out");
        CliHarness.Outcome o = ok(cli.run(oracle("--vary", "platform.propagationSeconds=0.5..2", "--points", "4", "--out",
                dir.toString()).toArray(String[]::new)));
        assertThat(o.out()).contains("propagationSeconds").contains("baseline 0");
        JsonNode j = new ObjectMapper().readTree(Files.readString(dir.resolve("sensitivity.json")));
        JsonNode p = j.get("parameters").get(0);
        assertThat(j.get("parameters")).hasSize(1);
        List<Double> values = new ArrayList<>();
        List<Double> metric = new ArrayList<>();
        p.get("points").forEach(q -> {
            values.add(q.get("value").asDouble());
            metric.add(q.get("metric").asDouble());
        });
        assertThat(values).containsExactly(0.5, 1.0, 1.5, 2.0);
        // every seed is the same deterministic deploy: no run below the wait, every run above it
        assertThat(metric).containsExactly(0.0, 0.0, 1.0, 1.0);
        assertThat(p.get("effect").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(dir.resolve("sensitivity.csv")).lines().toList()).hasSize(1 + 1 + 4)
                .first().asString().startsWith("parameter,value,metric,strategy");
        String html = Files.readString(dir.resolve("report.html"));
        JsonNode data = new ObjectMapper().readTree(HtmlReport.embeddedJson(html));
        assertThat(data.get("kind").asText()).isEqualTo("sensitivity");
        assertThat(data.get("sensitivity")).isEqualTo(j);
    }

    @Test
    void theTableFitsTheWidthItIsGiven() {
        CliHarness cli = CliHarness.asShipped();
        CliHarness.Outcome o = ok(cli.run(oracle("--params", "propagationSeconds,bootSeconds", "--points", "3")
                .toArray(String[]::new)));
        List<String> table = o.out().lines().filter(l -> l.contains("[") && l.endsWith("]")).toList();
        assertThat(table).hasSize(2);
        assertThat(table.get(0)).startsWith("propagationSeconds");
        for (String l : table) {
            assertThat(l.length()).isLessThanOrEqualTo(SensitivityCommand.DEFAULT_WIDTH);
        }
    }

    private static void badInput(CliHarness.Outcome o, String option, String fix) {
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.out()).isEmpty();
        assertThat(o.errLines()).hasSize(1);
        assertThat(o.err()).contains(option).contains(fix).doesNotContain("Exception");
    }

    @Test
    void badInputIsOneLineNamingTheOptionAndTheFix() {
        CliHarness cli = CliHarness.asShipped();
        badInput(cli.run("sensitivity", "--params", "propagation"), "--params", "known: bootSeconds");
        badInput(cli.run("sensitivity", "--vary", "platform.propagationSeconds=3..1"), "--vary", "give the low end first (1..3)");
        badInput(cli.run("sensitivity", "--vary", "platform.propagationSeconds=1s..1s"), "--vary", "is empty");
        badInput(cli.run("sensitivity", "--vary", "platform.propagationSeconds"), "--vary", "give PATH=LOW..HIGH");
        badInput(cli.run("sensitivity", "--metric", "p99"), "--metric", "known: zero-serving-runs");
        badInput(cli.run("sensitivity", "--find-threshold", "nope"), "--find-threshold", "unknown parameter 'nope'");
        badInput(cli.run("sensitivity", "--find-threshold", "legacyCanaryGetsTraffic"), "--find-threshold", "give a range with --vary");
        badInput(cli.run("sensitivity", "--find-threshold", "bootSeconds", "--verdict", "fast>1"), "--verdict", "unknown metric 'fast'");
        badInput(cli.run("sensitivity", "--points", "1"), "--points", ">= 2");
    }

    @Test
    void theReportPageDrawsOneChartPerParameterInChromium() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(chromium), "chromium is not installed");
        Path dir = tmp.resolve("page");
        ok(CliHarness.asShipped().run(oracle("--params", "propagationSeconds,bootSeconds,pullBeforeStop", "--points", "3",
                "--out", dir.toString()).toArray(String[]::new)));
        Path dom = tmp.resolve("dom.html");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"),
                "--dump-dom", dir.resolve("report.html").toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(tmp.resolve("chromium.log").toFile()).start();
        // a bound against a hung browser, not a speed assertion
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String drawn = Files.readString(dom).replaceAll("(?s)(<script[^>]*>).*?(</script>)", "$1$2");
        assertThat(drawn).contains("<body data-rendered=\"ok\">").contains(">propagationSeconds (s (median))<");
        int svgs = 0;
        for (int i = drawn.indexOf("<svg"); i >= 0; i = drawn.indexOf("<svg", i + 1)) {
            svgs++;
        }
        assertThat(svgs).isEqualTo(3);
    }
}
