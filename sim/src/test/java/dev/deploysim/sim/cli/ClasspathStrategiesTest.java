package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploysim.sim.testing.ExampleProject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strategies from outside the registry: the example project's replace-first, compiled here, on
 * {@code --classpath} (as a class folder or a jar) or in DEPLOYSIM_CLASSPATH, shows up in
 * {@code strategies}, {@code compare --strategies all} and {@code explore}; bad classpaths are one
 * line and exit 2.
 */
class ClasspathStrategiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The example compiled once for the tests that use it unchanged (javac is the slow part). */
    @TempDir
    static Path compiled;
    private static Path exampleClasses;

    @BeforeAll
    static void compileTheExampleOnce() {
        exampleClasses = ExampleProject.compile(compiled);
    }

    /** A copy of the compiled example's class folder, to edit. */
    private Path exampleCopy(String name) throws IOException {
        Path copy = dir.resolve(name);
        try (Stream<Path> files = Files.walk(exampleClasses)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = copy.resolve(exampleClasses.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        return copy;
    }

    private static CliHarness.Outcome run(String... args) {
        return CliHarness.shipped(Map.of()).run(args);
    }

    private static void assertOneLineError(CliHarness.Outcome o, String... fragments) {
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).as(o.toString()).hasSize(1);
        assertThat(o.err()).doesNotContain("\tat ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(o.err()).as(o.toString()).contains(f);
        }
    }

    /** {@code classes} packed as a jar. */
    private Path jar(Path classes, String name) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aClassFolderOnTheClasspathShowsUpInStrategiesWithWhereItCameFrom() throws Exception {
        Path classes = exampleClasses;

        CliHarness.Outcome text = run("strategies", "--classpath", classes.toString());
        CliHarness.Outcome json = run("--classpath", classes.toString(), "strategies", "--json");

        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("\nreplace-first\n  source: examples/custom-strategy (README tutorial)\n  from: "
                + ClasspathStrategies.shown(classes) + "\n").contains("\nrolling\n  source: flyctl").contains("  from: built-in\n");
        JsonNode list = JSON.readTree(json.out()).get("strategies");
        JsonNode last = list.get(list.size() - 1);
        assertThat(last.get("name").asText()).isEqualTo("replace-first");
        assertThat(last.get("origin").asText()).isEqualTo(ClasspathStrategies.shown(classes));
        assertThat(list.get(0).get("origin").asText()).isEqualTo("built-in");
    }

    @Test
    void aJarOnTheClasspathRunsInCompareAllAndInExplore() throws Exception {
        Path jar = jar(exampleClasses, "replace-first.jar");

        CliHarness.Outcome compare = run("compare", "--classpath", jar.toString(), "--strategies", "all", "--machines", "1",
                "--seeds", "2", "--json");
        CliHarness.Outcome explore = run("explore", "--classpath", jar.toString(), "--strategy", "replace-first", "--tries", "40");

        assertThat(compare.exit()).as(compare.toString()).isZero();
        assertThat(JSON.readTree(compare.out()).get("rows")).anySatisfy(r -> assertThat(r.get("strategy").asText())
                .isEqualTo("replace-first"));
        assertThat(explore.exit()).as(explore.toString()).isZero();
        assertThat(explore.out()).contains("explore 'explore replace-first': PASSED after 40 tries")
                .containsPattern("promised:never-zero-serving +[1-9]");
    }

    @Test
    void theEnvironmentVariableAddsStrategiesLikeTheOption() throws Exception {
        Path classes = exampleClasses;

        CliHarness.Outcome o = CliHarness.shipped(Map.of(ClasspathStrategies.ENV, classes.toString()))
                .run("run", "--strategy", "replace-first", "--machines", "1");

        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).startsWith("replace-first, 1 machine, seed 1, platform fly: succeeded");
    }

    @Test
    void aMissingPathIsOneLineNamingIt() {
        assertOneLineError(run("strategies", "--classpath", dir.resolve("nope.jar").toString()),
                "deploysim: --classpath: no such jar or folder: " + dir.resolve("nope.jar"));
        assertOneLineError(CliHarness.shipped(Map.of(ClasspathStrategies.ENV, "/no/such/dir")).run("strategies"),
                "deploysim: DEPLOYSIM_CLASSPATH: no such jar or folder: /no/such/dir");
    }

    @Test
    void aFileThatIsNotAJarIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("strategy.txt"), "not a jar");
        assertOneLineError(run("strategies", "--classpath", file.toString()), "--classpath: " + file + " is not a jar");
    }

    @Test
    void aFolderWithoutStrategiesIsOneLineSayingWhereToListThem() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLineError(run("strategies", "--classpath", empty.toString()), "no strategy found in",
                ClasspathStrategies.SERVICES_FILE);
    }

    @Test
    void aListedClassThatIsNotAStrategyIsOneLineNamingTheClassAndTheFolder() throws Exception {
        Path classes = exampleCopy("not-a-strategy");
        String notAStrategy = ClasspathStrategiesTest.class.getName();
        Files.writeString(classes.resolve(ClasspathStrategies.SERVICES_FILE), notAStrategy + "\n");
        assertOneLineError(run("strategies", "--classpath", classes.toString()),
                "class " + notAStrategy + " listed in " + ClasspathStrategies.shown(classes)
                        + " is not a dev.deploysim.model.deploy.Strategy");
    }

    @Test
    void aListedClassThatIsMissingIsOneLineNamingTheClassAndTheJar() throws Exception {
        Path classes = exampleCopy("missing");
        Files.writeString(classes.resolve(ClasspathStrategies.SERVICES_FILE), "com.example.deploy.Gone\n");
        Path jar = jar(classes, "gone.jar");
        assertOneLineError(run("strategies", "--classpath", jar.toString()),
                "class com.example.deploy.Gone listed in " + ClasspathStrategies.shown(jar) + " was not found");
    }

    @Test
    void aStrategyWithABuiltInNameIsOneLineNamingTheClassAndTheFolder() throws Exception {
        Path classes = ExampleProject.compile(dir.resolve("example"), "return \"replace-first\";", "return \"rolling\";");
        assertOneLineError(run("strategies", "--classpath", classes.toString()),
                "strategy 'rolling' (" + ExampleProject.STRATEGY_CLASS + " in " + ClasspathStrategies.shown(classes)
                        + ") has the name of a built-in strategy");
    }

    @Test
    void twoStrategiesWithOneNameAreOneLineNamingBoth() throws Exception {
        Path a = exampleClasses;
        // the same strategy under another class name
        Path copy = ExampleProject.compile(dir.resolve("b"), "package com.example.deploy;", "package com.example.copy;");
        Files.writeString(copy.resolve(ClasspathStrategies.SERVICES_FILE), "com.example.copy.ReplaceFirstStrategy\n");
        Path b = jar(copy, "b.jar");
        assertOneLineError(run("strategies", "--classpath", a + java.io.File.pathSeparator + b),
                "deploysim: --classpath: strategy 'replace-first' (com.example.copy.ReplaceFirstStrategy in "
                        + ClasspathStrategies.shown(b) + ") has the name of " + ExampleProject.STRATEGY_CLASS + " in "
                        + ClasspathStrategies.shown(a) + "; give one of them another name");
    }

    @Test
    void theOptionIsListedInEveryCommandsHelp() {
        for (String command : List.of("run", "compare", "explore", "replay", "strategies", "validate")) {
            assertThat(run(command, "--help").out()).as(command).contains("--classpath=PATH[:PATH...]");
        }
    }
}
