package dev.deploysim.sim.cli;

import dev.deploysim.sim.scenario.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an {@code --out DIR} argument before any work starts, so a long run does not fail at its end. */
final class OutDir {
    private OutDir() {
    }

    /**
     * {@code dir} itself, after checking it is a directory or can become one and that a file can
     * be written in it (the directory is created then); null stays null.
     */
    static Path check(Path dir) {
        if (dir == null) {
            return null;
        }
        if (dir.toString().isBlank()) {
            throw new ScenarioException("--out", "must not be empty; give a directory, e.g. --out out/run-1");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ScenarioException("--out", dir + " exists and is not a directory; give a directory");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new ScenarioException("--out", p + " is not a directory, so " + dir + " cannot be created");
                }
                break;
            }
        }
        OutFiles.checkWritable(dir);
        return dir;
    }
}
