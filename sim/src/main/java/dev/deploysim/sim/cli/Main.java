package dev.deploysim.sim.cli;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code deploysim} command: the jar's entry point. Subcommands are registered explicitly in
 * {@link #commandLine}; exit codes are those of {@link ExitCodes}. Every bad input (a
 * {@link ScenarioException} or a picocli parameter error) prints exactly one line on stderr naming
 * the field and the fix and exits 2; any other exception prints one line and exits 3, with the
 * stack trace only under {@code --debug}.
 *
 * <p>The jar runs {@link #standard}: the registered strategies and {@link RunnerActions}. To add a
 * command, write a {@code Callable<Integer>} annotated with {@code @Command} taking the
 * {@link Cli} in its constructor and add one {@code addSubcommand} line in {@link #commandLine}.
 */
@Command(name = "deploysim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Simulate deploy strategies (flyctl's immediate, rolling, canary, bluegreen) against a deterministic model "
                + "of the platform, and find the deploys that drop traffic.",
            "Exit codes: 0 ok, 1 invariant violated or counterexample found, 2 bad input, 3 internal error."
        })
public final class Main implements Callable<Integer> {
    /** The CLI, when fixed (tests); null when built per invocation from the strategies on the classpath. */
    private final Cli cli;
    /** Builds the CLI from the strategies {@code --classpath} and {@value ClasspathStrategies#ENV} add, or null. */
    private final Function<List<ClasspathStrategies.Found>, Cli> shipped;
    /** The environment variables the invocation sees ({@value ClasspathStrategies#ENV}). */
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an internal error, print the stack trace too.")
    boolean debug;

    @Option(names = ClasspathStrategies.OPTION, scope = ScopeType.INHERIT, paramLabel = "PATH[:PATH...]",
            description = "Jars or class folders with more strategies, each listed in "
                + ClasspathStrategies.SERVICES_FILE + " (also from $" + ClasspathStrategies.ENV + "). Repeatable.")
    List<String> classpath = new ArrayList<>();

    /** A CLI over a fixed set of strategies and actions (tests); it refuses {@code --classpath}. */
    public Main(Cli cli) {
        this.cli = Objects.requireNonNull(cli, "cli");
        this.shipped = null;
        this.env = Map.of();
    }

    private Main(Function<List<ClasspathStrategies.Found>, Cli> shipped, Map<String, String> env) {
        this.cli = null;
        this.shipped = shipped;
        this.env = Map.copyOf(env);
    }

    /**
     * The CLI the jar ships: the registered strategies plus those {@code --classpath} and
     * {@value ClasspathStrategies#ENV} (read from {@code env}) add, on {@code environment}.
     */
    static Main shipped(RunnerActions.Environment environment, Map<String, String> env) {
        return new Main(found -> standard(environment, found), env);
    }

    /**
     * The CLI the jar ships: every registered strategy ({@link Strategies#all()}), the standard
     * runner, and the violations of promised invariants counted as broken promises (see
     * {@link PromiseCheck#guarantees()}).
     */
    static Cli standard(RunnerActions.Environment environment) {
        return standard(environment, List.of());
    }

    /** As {@link #standard(RunnerActions.Environment)}, with {@code extra} strategies after the built-in ones. */
    static Cli standard(RunnerActions.Environment environment, List<ClasspathStrategies.Found> extra) {
        List<Strategy> registered = new ArrayList<>(Strategies.all());
        TreeMap<String, String> origins = new TreeMap<>();
        for (ClasspathStrategies.Found f : extra) {
            registered.add(f.strategy());
            origins.put(f.strategy().name(), f.origin());
        }
        StrategyCatalog catalog = StrategyCatalog.of(registered);
        ScenarioLoader loader = new ScenarioLoader(catalog);
        return new Cli(loader, registered, new RunnerActions(loader, Runners.standard(catalog),
                PromiseCheck.guarantees(catalog::strategy), environment), origins);
    }

    public static void main(String[] args) {
        int code = shipped(RunnerActions.Environment.ofProcess(stderrIsTerminal()), System.getenv())
                .execute(args, System.out, System.err);
        System.exit(code);
    }

    /**
     * Whether this process's stderr is a terminal (so a progress bar belongs there): on Linux,
     * file descriptor 2 links to a tty device; elsewhere, whether the JVM has a console at all.
     */
    static boolean stderrIsTerminal() {
        try {
            Path fd2 = Path.of("/proc/self/fd/2");
            if (Files.exists(fd2, LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through to the console check
        }
        return System.console() != null;
    }

    /**
     * Runs {@code deploysim args} with the given streams and returns the exit code; never throws.
     */
    public int execute(String[] args, OutputStream stdout, OutputStream stderr) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        boolean debugRequested = debugRequested(args);
        ClasspathStrategies extra = null;
        try {
            List<String> given = ClasspathStrategies.given(args);
            Cli chosen = cli;
            if (shipped != null) {
                extra = ClasspathStrategies.load(env.get(ClasspathStrategies.ENV), given, Main.class.getClassLoader(),
                        Strategies.names());
                chosen = shipped.apply(extra.found());
            } else if (!given.isEmpty()) {
                throw new ScenarioException(ClasspathStrategies.OPTION, "this CLI has a fixed set of strategies");
            }
            CommandLine cmd = commandLine(shipped == null ? this : new Main(chosen), chosen);
            cmd.setOut(out);
            cmd.setErr(err);
            cmd.setParameterExceptionHandler((ParameterException ex, String[] a) -> {
                CommandLine c = ex.getCommandLine();
                String name = c.getCommandSpec().qualifiedName();
                err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
                return ExitCodes.BAD_INPUT;
            });
            cmd.setExecutionExceptionHandler((ex, c, parseResult) -> handle(ex, err, debugRequested));
            return cmd.execute(args);
        } catch (RuntimeException | Error e) {
            return handle(e, err, debugRequested);
        } finally {
            out.flush();
            err.flush();
            if (extra != null) {
                try {
                    extra.close();
                } catch (IOException e) {
                    // the jars were only read; nothing to report at exit
                }
            }
        }
    }

    /** The command tree: the one place subcommands are registered. */
    static CommandLine commandLine(Main root, Cli cli) {
        CommandLine cmd = new CommandLine(root);
        cmd.addSubcommand("validate", new ValidateCommand(cli));
        cmd.addSubcommand("scenario-defaults", new ScenarioDefaultsCommand(cli));
        cmd.addSubcommand("run", new RunCommand(cli));
        cmd.addSubcommand("compare", new CompareCommand(cli));
        cmd.addSubcommand("sensitivity", new SensitivityCommand(cli));
        cmd.addSubcommand("explore", new ExploreCommand(cli));
        cmd.addSubcommand("replay", new ReplayCommand(cli));
        cmd.addSubcommand("strategies", new StrategiesCommand(cli));
        return cmd;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("deploysim: missing command; one of "
                + String.join(", ", spec.subcommands().keySet()) + " (see 'deploysim --help')");
        return ExitCodes.BAD_INPUT;
    }

    private static int handle(Throwable e, PrintWriter err, boolean debug) {
        if (e instanceof ScenarioException se) {
            err.println("deploysim: " + se.oneLineMessage());
            return ExitCodes.BAD_INPUT;
        }
        err.println("deploysim: internal error: " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))
                + (debug ? "" : " (rerun with --debug for the stack trace)"));
        if (debug) {
            e.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
    }

    private static boolean debugRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** The version from the jar's manifest, or "development build". */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"deploysim " + (v == null ? "(development build)" : v)};
        }
    }
}
