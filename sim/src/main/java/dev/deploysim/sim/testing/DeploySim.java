package dev.deploysim.sim.testing;

import dev.deploysim.model.deploy.Strategy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The entry point of the testing API: {@link #explore(Strategy)} searches generated apps, options,
 * fault schedules and timings for a run that breaks the strategy's promises (or chosen invariants)
 * and shrinks the first one; {@link #run(Strategy)} runs one deploy; {@link #assertThat(TestRun)}
 * asserts on it. The strategy need not be registered anywhere: it runs beside the built-in ones.
 *
 * <pre>{@code
 * @Test
 * void keepsItsPromises() {
 *     DeploySim.explore(new ReplaceFirstStrategy()).tries(2000).seed(1).assertPromisesHold();
 * }
 *
 * @Test
 * void oneMachineKeepsServing() {
 *     TestRun run = DeploySim.run(new ReplaceFirstStrategy()).machines(1).seed(7).execute();
 *     DeploySim.assertThat(run).succeeded().holds("never-zero-serving");
 * }
 * }</pre>
 *
 * <p>On a failure the scenario, its {@code result.json} and {@code report.html} are written under
 * {@value #OUTPUT_ROOT}{@code /<test>/} (the test is the calling class and method unless
 * {@code name(...)} says otherwise), and the assertion's message names the broken invariant, the
 * shrunk size and the {@code ./deploysim replay} command that re-runs it bit for bit.
 */
public final class DeploySim {
    /** Where failures are written, relative to the working directory (a Maven module's root under surefire). */
    public static final String OUTPUT_ROOT = "target/deploysim";

    private DeploySim() {
    }

    /** An exploration of {@code strategy}: set tries, seed and the like, then assert. */
    public static Exploring explore(Strategy strategy) {
        return new Exploring(Objects.requireNonNull(strategy, "strategy"), callerName());
    }

    /** One deploy with {@code strategy} on the default scenario: set machines, seed and the like, then {@code execute()}. */
    public static OneRun run(Strategy strategy) {
        return new OneRun(Objects.requireNonNull(strategy, "strategy"), callerName());
    }

    /** Assertions on a finished run, AssertJ-style: {@code assertThat(run).succeeded().holds("never-zero-serving")}. */
    public static RunAssert assertThat(TestRun run) {
        return new RunAssert(Objects.requireNonNull(run, "run"));
    }

    private static final String OWN_PACKAGE = DeploySim.class.getPackageName();

    /**
     * {@code Class.method} of the first caller outside this package (a lambda's enclosing method),
     * made safe as a directory name.
     */
    static String callerName() {
        StackWalker.StackFrame frame = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !OWN_PACKAGE.equals(packageOf(f.getClassName())))
                .findFirst()).orElse(null);
        if (frame == null) {
            return "deploysim";
        }
        String cls = frame.getClassName();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        String method = frame.getMethodName();
        if (method.startsWith("lambda$")) {
            String[] parts = method.split("\\$");
            method = parts.length > 1 ? parts[1] : method;
        }
        return safe(simple + "." + method);
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** {@code name} with every character but letters, digits, {@code . _ -} replaced by {@code -}. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return s.isEmpty() ? "deploysim" : s;
    }

    /** The directory a test's failure is written to. */
    static Path outputDir(String name) {
        return Path.of(OUTPUT_ROOT, name);
    }
}
