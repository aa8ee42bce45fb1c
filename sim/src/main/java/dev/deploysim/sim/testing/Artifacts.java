package dev.deploysim.sim.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.HtmlReport;
import dev.deploysim.sim.report.RunReport;
import dev.deploysim.sim.report.RunTimeline;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.verify.Exploration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a failed test leaves for its author: in the test's directory, {@code scenario.json} (the
 * scenario that failed, replayable), {@code result.json} and {@code report.html} (the run's report,
 * as {@code deploysim run --out} writes them) and, for an exploration, {@code report.txt}.
 */
final class Artifacts {
    /** The files a test may leave; each is removed when the test starts, so none is stale. */
    static final List<String> FILES = List.of(Exploration.SCENARIO_FILE, "result.json", "report.html", Exploration.REPORT_FILE);

    private Artifacts() {
    }

    /** Removes what an earlier run of the test left in {@code dir}. */
    static void clear(Path dir) {
        try {
            for (String f : FILES) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    /** Writes {@code run}'s scenario, result.json and report.html to {@code dir}; returns the scenario file. */
    static Path write(Path dir, TestRun run) {
        ObjectNode result = RunReport.json(run.summary(), run.loader().toTree(run.deployRun().scenario()));
        Path scenario = dir.resolve(Exploration.SCENARIO_FILE);
        write(scenario, run.loader().echo(run.deployRun().scenario()));
        write(dir.resolve("result.json"), JsonText.print(result));
        write(dir.resolve("report.html"), HtmlReport.run(result, RunTimeline.json(run.deployRun())));
        return scenario;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
