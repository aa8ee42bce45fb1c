package dev.deploysim.sim.scenario;

import java.util.Objects;

/**
 * Bad input: a scenario, override or fly.toml value that cannot be used. The message is one line,
 * {@code path: problem and fix}, e.g. {@code app.groups[0].started: must be >= 0, was -1}. It
 * carries no stack trace: it is the user's mistake, not the program's.
 */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String path;
    private final String problem;

    /**
     * @param path the JSON path (or fly.toml key, or {@code $} for the whole document)
     * @param problem what is wrong and how to fix it, one line
     */
    public ScenarioException(String path, String problem) {
        this(null, path, problem);
    }

    private ScenarioException(String source, String path, String problem) {
        super(path + ": " + oneLine(problem), null, false, false);
        this.source = source;
        this.path = Objects.requireNonNull(path, "path");
        this.problem = oneLine(Objects.requireNonNull(problem, "problem"));
    }

    /** The same error, attributed to {@code source} (a file name or a {@code --set} argument). */
    public ScenarioException withSource(String newSource) {
        return new ScenarioException(newSource, path, problem);
    }

    /** Where the input came from (a file name, {@code --set ...}), or null if unknown. */
    public String source() {
        return source;
    }

    /** The JSON path or fly.toml key at fault. */
    public String path() {
        return path;
    }

    /** The problem and its fix. */
    public String problem() {
        return problem;
    }

    /** The single line a user sees: {@code source: path: problem}. */
    public String oneLineMessage() {
        return (source == null ? "" : source + ": ") + path + ": " + problem;
    }

    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
