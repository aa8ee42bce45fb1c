package dev.deploysim.sim.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's tutorial shows the example project's files as they are: the strategy, its
 * ServiceLoader entry and its test, so that what a reader copies is what CI builds and tests.
 */
class ReadmeTutorialTest {
    private static final Path README = Path.of("..", "README.md");

    private static void assertShown(String relative) throws IOException {
        String readme = Files.readString(README);
        String file = Files.readString(ExampleProject.ROOT.resolve(relative));
        assertThat(readme).as("README.md shows %s verbatim in a code block", relative).contains("\n" + file + "```\n");
    }

    @Test
    void theTutorialShowsTheExampleStrategyAsItIs() throws IOException {
        assertShown("src/main/java/com/example/deploy/ReplaceFirstStrategy.java");
    }

    @Test
    void theTutorialShowsTheExampleTestAsItIs() throws IOException {
        assertShown("src/test/java/com/example/deploy/ReplaceFirstStrategyTest.java");
    }

    @Test
    void theTutorialShowsTheServiceLoaderEntryAsItIs() throws IOException {
        assertShown("src/main/resources/META-INF/services/dev.deploysim.model.deploy.Strategy");
    }
}
