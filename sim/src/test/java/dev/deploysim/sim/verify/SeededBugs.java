package dev.deploysim.sim.verify;

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
 * A ported strategy with one seeded bug: a copy of its package's sources from {@code strategies}
 * with one text replaced, moved to the package {@code dev.deploysim.seeded.<package>} (so that its
 * classes load beside the real ones), compiled by the test and loaded in its own class loader. The
 * copy keeps the strategy's name, options and promises, so the property suite's engine judges it as
 * it judges the real one.
 */
final class SeededBugs {
    /** The strategies module's sources, from the sim module's directory (surefire's working directory). */
    static final Path SOURCES = Path.of("..", "strategies", "src", "main", "java").toAbsolutePath().normalize();

    private SeededBugs() {
    }

    /**
     * A new instance of {@code className} (in {@code dev.deploysim.strategies.<pkg>}) compiled into
     * {@code dir} from its package's sources with {@code find} replaced by {@code replace} in {@code file}.
     *
     * @throws IllegalStateException if {@code file} no longer contains {@code find} exactly once
     */
    static Strategy compile(Path dir, String pkg, String file, String find, String replace, String className) {
        String from = "dev.deploysim.strategies." + pkg;
        String to = "dev.deploysim.seeded." + pkg;
        Path packageDir = SOURCES.resolve(from.replace('.', '/'));
        try {
            Path src = dir.resolve("src");
            Path classes = dir.resolve("classes");
            Files.createDirectories(classes);
            List<String> files = new ArrayList<>();
            boolean patched = false;
            try (Stream<Path> sources = Files.list(packageDir)) {
                for (Path p : sources.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String text = Files.readString(p);
                    if (p.getFileName().toString().equals(file)) {
                        int at = text.indexOf(find);
                        if (at < 0 || text.indexOf(find, at + 1) >= 0) {
                            throw new IllegalStateException(p + " no longer contains exactly one " + find);
                        }
                        text = text.replace(find, replace);
                        patched = true;
                    }
                    text = text.replace("package " + from + ";", "package " + to + ";").replace(from + ".", to + ".");
                    Path copy = src.resolve(p.getFileName().toString());
                    Files.createDirectories(copy.getParent());
                    Files.writeString(copy, text);
                    files.add(copy.toString());
                }
            }
            if (!patched) {
                throw new IllegalStateException("no " + file + " in " + packageDir);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "21", "-proc:none", "-nowarn",
                    "-classpath", location(Strategy.class) + java.io.File.pathSeparator + location(Conditions.class)));
            args.addAll(files);
            int rc = javac.run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("javac failed on the seeded copy of " + pkg + " (" + rc + ")");
            }
            URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                    SeededBugs.class.getClassLoader());
            return (Strategy) loader.loadClass(to + "." + className).getConstructor().newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the seeded " + className, e);
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
