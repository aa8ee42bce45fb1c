package dev.deploysim.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.run.DeployRun;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report page without a browser: it is one self-contained document (no network reference of
 * any kind), its markup is balanced, and it embeds exactly the report's JSON, even when that JSON
 * holds text that would end a script element.
 */
class HtmlReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> PAIRED = List.of("html", "head", "body", "style", "script", "main", "footer", "title", "noscript");

    @Test
    void theRunPageEmbedsTheResultAndTimelineUnchanged() throws Exception {
        DeployRun run = Fixtures.handBuilt();
        ObjectNode result = Pages.result(run);
        String html = HtmlReport.run(result, RunTimeline.json(run));
        assertSelfContainedAndBalanced(html);
        JsonNode data = MAPPER.readTree(HtmlReport.embeddedJson(html));
        assertThat(data.get("kind").asText()).isEqualTo("run");
        assertThat(data.get("result").toString()).isEqualTo(result.toString());
        assertThat(data.get("timeline").toString()).isEqualTo(RunTimeline.json(run).toString());
        // the step detail "</script><b>x</b>" is in the data, escaped so it cannot end the element
        assertThat(data.get("timeline").get("steps").get(0).get(3).asText()).isEqualTo("in place </script><b>x</b>");
        assertThat(html).doesNotContain("in place </script>").contains("in place \\u003c/script\\u003e");
        assertThat(html).contains("<title>deploysim run: rolling, 1 machine, seed 1 (succeeded)</title>");
    }

    @Test
    void theComparePageEmbedsTheCompareJsonUnchanged() throws Exception {
        ObjectNode compare = Pages.compareJson();
        String html = HtmlReport.compare(compare);
        assertSelfContainedAndBalanced(html);
        JsonNode data = MAPPER.readTree(HtmlReport.embeddedJson(html));
        assertThat(data.get("kind").asText()).isEqualTo("compare");
        assertThat(data.get("compare").toString()).isEqualTo(compare.toString());
    }

    @Test
    void aPageIsAFunctionOfItsData() {
        DeployRun run = Fixtures.real("bluegreen", 2, 5);
        assertThat(Pages.run(run)).isEqualTo(Pages.run(Fixtures.real("bluegreen", 2, 5)));
    }

    private static void assertSelfContainedAndBalanced(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").endsWith("</html>\n");
        assertThat(html).doesNotContain("{{");
        String outsideData = html.replace(HtmlReport.embeddedJson(html), "");
        // no network: nothing fetched, linked or imported; the only url() is an in-page pattern
        assertThat(outsideData).doesNotContain("://").doesNotContain("<link").doesNotContain("@import")
                .doesNotContain(" src=").doesNotContain("fetch(").doesNotContain("XMLHttpRequest");
        Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(outsideData);
        while (url.find()) {
            assertThat(url.group(1)).startsWith("#");
        }
        // the markup itself, with the bodies of script and style elements emptied: a body that
        // ended its element early would leave markup behind here
        String markup = html.replaceAll("(?s)(<(script|style)[^>]*>).*?(</\\2>)", "$1$3");
        assertThat(markup).doesNotContain("function").doesNotContain("report-data\">{");
        for (String tag : PAIRED) {
            int open = count(markup, "<" + tag + ">") + count(markup, "<" + tag + " ");
            int close = count(markup, "</" + tag + ">");
            assertThat(open).as("<%s> opened and closed", tag).isEqualTo(close).isPositive();
        }
        assertThat(count(markup, "<script")).isEqualTo(2);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
