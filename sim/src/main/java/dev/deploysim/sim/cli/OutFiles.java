package dev.deploysim.sim.cli;

import dev.deploysim.sim.scenario.ScenarioException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a report's files into its {@code --out} directory as one set, all or nothing as far as a
 * reader can tell. Every file is first written whole into a staging directory inside DIR
 * ({@value #STAGING}, removed at the end and, should a kill leave it, at the start of the next
 * write). Then the previous set's files of the same names are removed and the new ones renamed
 * into place, the <em>index</em> (the map's first file: {@code result.json}, {@code compare.json})
 * last. So whenever the index is in DIR, every file beside it is whole and from the same run; a
 * write stopped half-way (SIGKILL, a full disk) leaves no index, never an old index beside new
 * data or a new index beside old data. POSIX cannot rename a set of files in one step, and DIR
 * may hold files of the user's, so the directory itself is never swapped.
 */
final class OutFiles {
    /** The staging directory's name inside DIR. */
    static final String STAGING = ".deploysim-staging";

    /** For tests: called before each step of a write, so a test can stop it there ("kill" it). */
    interface Steps {
        void before(String step) throws IOException;

        Steps NONE = step -> { };
    }

    private OutFiles() {
    }

    /** Writes each named file under {@code dir}, creating it; returns the file names for the message. */
    static String write(Path dir, Map<String, String> files) {
        try {
            write(dir, files, Steps.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
        return String.join(", ", files.keySet());
    }

    static void write(Path dir, Map<String, String> files, Steps steps) throws IOException {
        Files.createDirectories(dir);
        Path staging = dir.resolve(STAGING);
        deleteStaging(staging);
        Files.createDirectory(staging);
        for (Map.Entry<String, String> e : files.entrySet()) {
            steps.before("stage " + e.getKey());
            writeForced(staging.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        List<String> names = new ArrayList<>(files.keySet());
        String index = names.remove(0);
        names.add(index);
        // The old index goes first: from here until the new index is in place, DIR has no index.
        for (String name : names.reversed()) {
            steps.before("remove " + name);
            Files.deleteIfExists(dir.resolve(name));
        }
        for (String name : names) {
            steps.before("place " + name);
            move(staging.resolve(name), dir.resolve(name));
        }
        deleteStaging(staging);
    }

    /**
     * Checks before any work starts that the report can be written to {@code dir}: that it is a
     * directory or can be made one, and that a file can be created in it. Creates the directory.
     *
     * @throws ScenarioException naming {@code --out} when it cannot
     */
    static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".deploysim-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            String why = switch (e) {
                case java.nio.file.AccessDeniedException x -> "permission denied";
                case java.nio.file.NoSuchFileException x -> "no such file or directory";
                case java.nio.file.FileAlreadyExistsException x -> "a file is in the way";
                case java.nio.file.FileSystemException x when x.getReason() != null -> x.getReason();
                default -> e.getClass().getSimpleName();
            };
            throw new ScenarioException("--out", "cannot write to " + dir + " (" + why + "); give a writable directory");
        }
    }

    private static void writeForced(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the staging directory and the files in it (it holds nothing else: only this class writes there). */
    private static void deleteStaging(Path staging) throws IOException {
        if (!Files.isDirectory(staging, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(staging);
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            for (Path p : ds) {
                Files.delete(p);
            }
        }
        Files.delete(staging);
    }
}
