package dev.deploysim.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report pages in a real browser: headless Chromium loads each page with the network
 * disabled, and the DOM it ends with must show that the page's script ran to the end (it marks
 * {@code <body data-rendered="ok">}) and drew its charts, with no script error in the console.
 * Skipped where {@code /usr/bin/chromium} is not installed (Debian: {@code apt-get install chromium}).
 */
class ReportPageInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    /** What the browser left: the serialised DOM and its log. */
    private record Loaded(String dom, String log) {
        /** The DOM without the text of script elements (the page's own source mentions the tags it draws). */
        String drawn() {
            return dom.replaceAll("(?s)(<script[^>]*>).*?(</script>)", "$1$2");
        }
    }

    private Loaded load(String html) throws IOException, InterruptedException {
        Path page = dir.resolve("report-" + System.nanoTime() + ".html");
        Files.writeString(page, html);
        Path profile = Files.createTempDirectory(dir, "profile");
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.log");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1400,1000", "--dump-dom", page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // a bound against a hung browser, not a speed assertion
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish loading " + page);
        }
        return new Loaded(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertRendered(Loaded l) {
        assertThat(l.drawn()).as(l.log()).contains("<body data-rendered=\"ok\">").contains("<span id=\"render-status\">rendered</span>");
        for (String line : l.log().lines().toList()) {
            if (line.contains("CONSOLE") || line.contains("Uncaught")) {
                assertThat(line).as("browser console").doesNotContain("Uncaught").doesNotContainIgnoringCase("error");
            }
        }
    }

    @Test
    void theRunPageRendersItsTimelineInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Loaded l = load(Pages.run(Fixtures.real("canary", 1, 1)));
        assertRendered(l);
        assertThat(l.drawn()).contains("aria-label=\"deploy timeline\"").contains("machines (2)").contains("serving machines")
                .contains("strategy steps").contains("<circle");
    }

    @Test
    void aLargeRunsPageIsAggregateSmallAndRendersInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        // above the threshold the page's size no longer grows with the machines: columns, probes,
        // deploy-wide steps and at most MAX_ROWS rows
        String html = Pages.run(Fixtures.real("rolling", 300, 1));
        assertThat(html.length()).isLessThan(1_000_000);
        Loaded l = load(html);
        assertRendered(l);
        assertThat(l.drawn()).contains("machines by state and image (300)").contains("machines that matter (")
                .contains("class=\"series\"").contains("serving machines").contains("strategy steps");
    }

    @Test
    void theComparePageRendersItsTableAndDistributionsInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Loaded l = load(HtmlReport.compare(Pages.compareJson()));
        assertRendered(l);
        assertThat(l.drawn()).contains("<table class=\"rows\">").contains(">bluegreen<").contains(">canary<");
        // two box plots (deploy time, zero serving) per size
        int svgs = 0;
        String drawn = l.drawn();
        for (int i = drawn.indexOf("<svg"); i >= 0; i = drawn.indexOf("<svg", i + 1)) {
            svgs++;
        }
        assertThat(svgs).isEqualTo(4);
    }
}
