package dev.deploysim.sim.cli;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.scenario.ScenarioException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/**
 * Strategies from outside the registry: jars and class folders named by {@code --classpath
 * PATH[:PATH...]} (repeatable) and the {@value #ENV} environment variable, each listing its
 * strategies for {@link ServiceLoader} in {@value #SERVICES_FILE} (one class name a line, each a
 * public {@link Strategy} with a public no-argument constructor). They are registered beside the
 * built-in ones; a missing path, a listed class that cannot be loaded or is not a strategy, or a
 * name already taken is bad input naming the path and the class.
 *
 * <p>The option is read before the command line is parsed, because the strategies it adds are
 * what the commands' scenario checks need; picocli declares it too, so it shows in every
 * command's help and parses anywhere on the command line.
 */
final class ClasspathStrategies implements Closeable {
    /** The environment variable that adds jars and class folders, for CI (same syntax as the option). */
    static final String ENV = "DEPLOYSIM_CLASSPATH";
    /** The option. */
    static final String OPTION = "--classpath";
    /** Where a jar or folder lists its strategies. */
    static final String SERVICES_FILE = "META-INF/services/dev.deploysim.model.deploy.Strategy";
    /** What {@code deploysim strategies} says a built-in strategy came from. */
    static final String BUILT_IN = "built-in";

    /**
     * A strategy loaded from outside the registry.
     *
     * @param strategy the instance (strategies are stateless: one serves every run)
     * @param origin the jar or folder it was loaded from, relative to the working directory when inside it
     */
    record Found(Strategy strategy, String origin) {
    }

    private final URLClassLoader loader;
    private final List<Found> found;

    private ClasspathStrategies(URLClassLoader loader, List<Found> found) {
        this.loader = loader;
        this.found = List.copyOf(found);
    }

    /** The strategies found, in classpath order. */
    List<Found> found() {
        return found;
    }

    /** Closes the jars (after the command has run). */
    @Override
    public void close() throws IOException {
        if (loader != null) {
            loader.close();
        }
    }

    /** The {@code --classpath} values in {@code args} (up to a {@code --}), as given, in order. */
    static List<String> given(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals(OPTION)) {
                if (i + 1 >= args.length) {
                    throw new ScenarioException(OPTION, "missing value; give jars or class folders separated by '"
                            + File.pathSeparator + "'");
                }
                out.add(args[++i]);
            } else if (a.startsWith(OPTION + "=")) {
                out.add(a.substring(OPTION.length() + 1));
            }
        }
        return out;
    }

    /**
     * Loads the strategies of the paths in {@code env} (the value of {@value #ENV}, or null) and
     * then {@code options} (the {@code --classpath} values), with {@code parent} as the parent
     * class loader. Nothing given: no loader, nothing found.
     *
     * @param builtIn the names already registered
     * @throws ScenarioException naming the option (or variable), the path and the class at fault
     */
    static ClasspathStrategies load(String env, List<String> options, ClassLoader parent, Collection<String> builtIn) {
        Map<Path, String> paths = new LinkedHashMap<>();
        if (env != null && !env.isBlank()) {
            collect(env, ENV, paths);
        }
        for (String o : options) {
            collect(o, OPTION, paths);
        }
        if (paths.isEmpty()) {
            return new ClasspathStrategies(null, List.of());
        }
        List<URL> urls = new ArrayList<>();
        for (Path p : paths.keySet()) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ScenarioException(paths.get(p), "cannot read " + p + " as a jar or class folder");
            }
        }
        URLClassLoader loader = new URLClassLoader("deploysim-classpath", urls.toArray(URL[]::new), parent);
        try {
            List<Found> found = discover(loader, paths, builtIn);
            return new ClasspathStrategies(loader, found);
        } catch (RuntimeException e) {
            try {
                loader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void collect(String value, String field, Map<Path, String> into) {
        for (String part : value.split(File.pathSeparator, -1)) {
            if (part.isBlank()) {
                continue;
            }
            Path p = Path.of(part.strip()).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                into.putIfAbsent(p, field);
            } else if (Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    jar.getManifest(); // opening reads the central directory: a file that is not a jar fails here
                    into.putIfAbsent(p, field);
                } catch (IOException e) {
                    throw new ScenarioException(field, part + " is not a jar (" + e.getMessage()
                            + "); give jars or class folders separated by '" + File.pathSeparator + "'");
                }
            } else {
                throw new ScenarioException(field, "no such jar or folder: " + part + "; give jars or class folders separated by '"
                        + File.pathSeparator + "'");
            }
        }
    }

    private static List<Found> discover(URLClassLoader loader, Map<Path, String> paths, Collection<String> builtIn) {
        Map<String, String> listedIn = listedClasses(loader);
        String field = paths.containsValue(OPTION) ? OPTION : ENV;
        Map<String, Found> byName = new LinkedHashMap<>();
        Iterator<ServiceLoader.Provider<Strategy>> it = ServiceLoader.load(Strategy.class, loader).stream().iterator();
        while (true) {
            Strategy s;
            try {
                if (!it.hasNext()) {
                    break;
                }
                s = it.next().get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                throw new ScenarioException(field, cannotLoad(e, listedIn));
            }
            String origin = origin(s.getClass());
            String name;
            try {
                name = s.name();
            } catch (RuntimeException e) {
                throw new ScenarioException(field, "strategy " + s.getClass().getName() + " in " + origin
                        + " failed to say its name: " + e);
            }
            if (builtIn.contains(name)) {
                throw new ScenarioException(field, "strategy '" + name + "' (" + s.getClass().getName() + " in " + origin
                        + ") has the name of a built-in strategy; give it another name");
            }
            Found before = byName.get(name);
            if (before != null) {
                throw new ScenarioException(field, "strategy '" + name + "' (" + s.getClass().getName() + " in " + origin
                        + ") has the name of " + before.strategy().getClass().getName() + " in " + before.origin()
                        + "; give one of them another name");
            }
            byName.put(name, new Found(s, origin));
        }
        if (byName.isEmpty()) {
            throw new ScenarioException(field, "no strategy found in " + String.join(File.pathSeparator,
                    paths.keySet().stream().map(ClasspathStrategies::shown).toList())
                    + "; list each strategy class in " + SERVICES_FILE);
        }
        return List.copyOf(byName.values());
    }

    /** Every class name listed in a services file the loader sees, with where that file is. */
    private static Map<String, String> listedClasses(ClassLoader loader) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            var files = loader.getResources(SERVICES_FILE);
            while (files.hasMoreElements()) {
                URL url = files.nextElement();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        int hash = line.indexOf('#');
                        String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                        if (!name.isEmpty()) {
                            out.putIfAbsent(name, servicesOrigin(url));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // attribution is best effort: the loading error itself is still reported
        }
        return out;
    }

    /** One line naming the class and the jar for a provider that failed to load. */
    private static String cannotLoad(Throwable e, Map<String, String> listedIn) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable cause = e.getCause();
        String because = cause == null ? "" : " (" + cause + ")";
        for (Map.Entry<String, String> l : listedIn.entrySet()) {
            if (message.contains(l.getKey() + " ") || message.endsWith(l.getKey())) {
                String what = message.contains("not a subtype") ? "is not a " + Strategy.class.getName()
                        : message.contains("not found") ? "was not found"
                        : message.contains("could not be instantiated") || message.contains("no public")
                        ? "could not be created with a public no-argument constructor" + because
                        : "failed to load: " + message + because;
                return "class " + l.getKey() + " listed in " + l.getValue() + " " + what;
            }
        }
        return "a strategy failed to load: " + message + because;
    }

    private static String servicesOrigin(URL url) {
        String s = url.toString();
        if (s.startsWith("jar:file:") && s.contains("!/")) {
            try {
                return shown(Path.of(java.net.URI.create(s.substring(4, s.indexOf("!/")))));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return s;
            }
        }
        if (s.startsWith("file:") && s.endsWith(SERVICES_FILE)) {
            try {
                Path file = Path.of(url.toURI());
                return shown(file.getParent().getParent().getParent());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return s;
            }
        }
        return s;
    }

    /** The jar or folder {@code type} was loaded from, as {@link #shown}. */
    static String origin(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "(unknown location)";
        }
        try {
            return shown(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }

    /** {@code p} relative to the working directory when inside it, else absolute. */
    static String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
