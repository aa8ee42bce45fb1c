package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files appear whole or not at all, and no temporary file is left behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private long entries(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void writesAndReplacesWholeFilesCreatingParents() throws IOException {
        Path target = dir.resolve("a/b/result.json");
        AtomicFiles.write(target, "first");
        AtomicFiles.write(target, "second");
        assertThat(Files.readString(target)).isEqualTo("second");
        assertThat(entries(target.getParent())).isEqualTo(1);
    }

    @Test
    void aFailedMoveLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");
        assertThatThrownBy(() -> AtomicFiles.write(target, "data")).isInstanceOf(IOException.class);
        assertThat(Files.isDirectory(target)).isTrue();
        assertThat(entries(dir)).isEqualTo(1);
    }
}
