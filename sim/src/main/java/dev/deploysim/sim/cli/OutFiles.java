package dev.deploysim.sim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a report's files into its {@code --out} directory, each atomically (see
 * {@link AtomicFiles}): a reader sees every file either as it was or complete. Files are written
 * in the map's order; the page goes last, so a page never refers to data not yet written.
 */
final class OutFiles {
    private OutFiles() {
    }

    /** Writes each named file under {@code dir}, creating it; returns the file names for the message. */
    static String write(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> e : files.entrySet()) {
                AtomicFiles.write(dir.resolve(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
        return String.join(", ", files.keySet());
    }
}
