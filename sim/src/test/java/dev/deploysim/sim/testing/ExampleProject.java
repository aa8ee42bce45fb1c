package dev.deploysim.sim.testing;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.strategies.Conditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The example project {@code examples/custom-strategy} compiled by the test itself, so that tests
 * here exercise the very class the README and CI use: its main sources compiled into a class
 * folder with its resources (the ServiceLoader entry), optionally with one edit to the source (a
 * deliberately broken variant).
 */
public final class ExampleProject {
    /** The example's root, from the sim module's directory (surefire's working directory). */
    public static final Path ROOT = Path.of("..", "examples", "custom-strategy").toAbsolutePath().normalize();
    /** The example strategy's source file. */
    public static final Path STRATEGY_SOURCE = ROOT.resolve("src/main/java/com/example/deploy/ReplaceFirstStrategy.java");
    /** Its class name. */
    public static final String STRATEGY_CLASS = "com.example.deploy.ReplaceFirstStrategy";
    /** The line that waits for the proxy to learn of the replacement: the variant without it breaks the promise. */
    public static final String SETTLE_LINE = "ctx.clock().sleep(ctx.options().getDuration(\"settle\"));";

    private ExampleProject() {
    }

    /** The example's classes and resources in {@code dir}, as {@code mvn package} lays out {@code target/classes}. */
    public static Path compile(Path dir) {
        return compile(dir, null, null);
    }

    /**
     * As {@link #compile(Path)}, with {@code find} replaced by {@code replace} in the strategy's source.
     *
     * @throws IllegalStateException if the source no longer contains {@code find}
     */
    public static Path compile(Path dir, String find, String replace) {
        try {
            Path src = dir.resolve("src");
            Path classes = dir.resolve("classes");
            Files.createDirectories(classes);
            List<String> files = new ArrayList<>();
            try (Stream<Path> sources = Files.walk(ROOT.resolve("src/main/java"))) {
                for (Path p : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(p);
                    if (find != null && p.equals(STRATEGY_SOURCE)) {
                        if (!text.contains(find)) {
                            throw new IllegalStateException(STRATEGY_SOURCE + " no longer contains " + find);
                        }
                        text = text.replace(find, replace);
                    }
                    Path copy = src.resolve(ROOT.resolve("src/main/java").relativize(p));
                    Files.createDirectories(copy.getParent());
                    Files.writeString(copy, text);
                    files.add(copy.toString());
                }
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "21", "-proc:none",
                    "-classpath", location(Strategy.class) + java.io.File.pathSeparator + location(Conditions.class)));
            args.addAll(files);
            int rc = javac.run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("javac failed on the example (" + rc + ")");
            }
            Path resources = ROOT.resolve("src/main/resources");
            try (Stream<Path> all = Files.walk(resources)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    Path copy = classes.resolve(resources.relativize(p).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(p, copy);
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new instance of the example strategy from {@code classes}, in its own class loader. */
    public static Strategy load(Path classes) {
        try {
            URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                    ExampleProject.class.getClassLoader());
            return (Strategy) loader.loadClass(STRATEGY_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot load " + STRATEGY_CLASS + " from " + classes, e);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
