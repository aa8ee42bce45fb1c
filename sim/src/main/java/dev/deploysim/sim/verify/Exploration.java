package dev.deploysim.sim.verify;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.Counterexample;
import dev.deploysim.sim.explore.ExploreResult;
import dev.deploysim.sim.explore.Explorer;
import dev.deploysim.sim.explore.Property;
import dev.deploysim.sim.explore.Statistics;
import dev.deploysim.sim.fault.ScenarioGen;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.Budget;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.Strategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The search for a scenario in which a strategy breaks a promise: random apps, options, fault
 * schedules and timings around a base scenario ({@link ScenarioGen}), each run with the standard
 * runner and checked against the invariants the strategy promises for it ({@link Promises#kept}),
 * or against exactly the invariants {@link Settings#checks} names ({@link Promises#holds}, what
 * {@code --check} asks);
 * the first failure is shrunk to a minimal scenario, written as {@code scenario.json} (with the
 * run's report as {@code report.txt}) and returned with a one-line replay command.
 *
 * <p>{@link #explore(Scenario, String, int, long, Path)} is what {@code deploysim explore} calls;
 * the property suite uses {@link #run(Scenario, Strategy, Settings)} with its own settings.
 * Reproducible: the same base, strategy, tries and seed give the same result.
 */
public final class Exploration {
    /** The file a counterexample is written to in the output directory. */
    public static final String SCENARIO_FILE = "scenario.json";
    /** The file the run's report is written to in the output directory. */
    public static final String REPORT_FILE = "report.txt";

    private Exploration() {
    }

    /**
     * How to explore.
     *
     * @param name the property's name in reports (a test's name)
     * @param tries tries to count
     * @param seed the explorer's seed
     * @param outDir where a counterexample and the report are written; null for nowhere
     * @param reporter where the report is printed (e.g. {@code System.out::println}); null for nowhere
     * @param systemProperties whether {@code -Ddeploysim.tries/seed/try} may override tries and seed
     * @param fixedOptions strategy options every try uses (e.g. a deliberately broken setting)
     * @param checks check exactly these invariants, promised or not (empty: every promised one);
     *     what {@code --check} sets
     * @param faults whether tries have faults
     * @param edgeCaseTries how many first tries take the simplest, largest and boundary choices (the
     *     explorer's default is 8; 0 makes every try random, to show a bug is found without help)
     */
    public record Settings(String name, int tries, long seed, Path outDir, Consumer<String> reporter,
                           boolean systemProperties, Map<String, Object> fixedOptions, List<String> checks,
                           boolean faults, int edgeCaseTries) {
        public Settings {
            Objects.requireNonNull(name, "name");
            if (tries < 1) {
                throw new IllegalArgumentException("tries must be >= 1, was " + tries);
            }
            fixedOptions = new TreeMap<>(fixedOptions);
            checks = List.copyOf(new java.util.TreeSet<>(checks));
        }

        /** Every promise, with faults, no overrides, no output. */
        public static Settings of(String name, int tries, long seed) {
            return new Settings(name, tries, seed, null, null, false, Map.of(), List.of(), true,
                    Explorer.DEFAULT_EDGE_CASE_TRIES);
        }

        public Settings withOutDir(Path dir) {
            return new Settings(name, tries, seed, dir, reporter, systemProperties, fixedOptions, checks, faults, edgeCaseTries);
        }

        public Settings withReporter(Consumer<String> r) {
            return new Settings(name, tries, seed, outDir, r, systemProperties, fixedOptions, checks, faults, edgeCaseTries);
        }

        public Settings withSystemProperties(boolean allowed) {
            return new Settings(name, tries, seed, outDir, reporter, allowed, fixedOptions, checks, faults, edgeCaseTries);
        }

        public Settings withFixedOptions(Map<String, ?> options) {
            return new Settings(name, tries, seed, outDir, reporter, systemProperties, new TreeMap<>(options), checks,
                    faults, edgeCaseTries);
        }

        /** Checks exactly {@code invariants}, promised or not, instead of the strategy's promises. */
        public Settings checkingOnly(String... invariants) {
            return checkingOnly(List.of(invariants));
        }

        /** Checks exactly {@code invariants} (empty: the strategy's promises again). */
        public Settings checkingOnly(Collection<String> invariants) {
            return new Settings(name, tries, seed, outDir, reporter, systemProperties, fixedOptions,
                    List.copyOf(invariants), faults, edgeCaseTries);
        }

        public Settings withEdgeCaseTries(int count) {
            return new Settings(name, tries, seed, outDir, reporter, systemProperties, fixedOptions, checks, faults, count);
        }

        public Settings withFaults(boolean on) {
            return new Settings(name, tries, seed, outDir, reporter, systemProperties, fixedOptions, checks, on, edgeCaseTries);
        }
    }

    /**
     * A shrunk scenario that breaks a promise.
     *
     * @param scenario the shrunk scenario
     * @param invariant the broken invariant (or, if the simulation itself failed, the failure's kind)
     * @param detail the one-line cause
     * @param machines the shrunk app's machines
     * @param groups its process groups
     * @param faults its faults
     * @param seed its seed
     * @param json the scenario as canonical JSON ({@link ScenarioLoader#echo})
     * @param scenarioFile where it was written, if an output directory was given
     * @param replayCommand the one-line command that replays it
     * @param tryIndex the try that first failed (with the explorer's seed, it reproduces the search)
     * @param original the scenario that try generated, before shrinking
     */
    public record Found(Scenario scenario, String invariant, String detail, int machines, int groups, int faults, long seed,
                        String json, Optional<Path> scenarioFile, String replayCommand, int tryIndex, Scenario original) {
    }

    /**
     * What an exploration found.
     *
     * @param name the property's name
     * @param strategy the strategy explored
     * @param seed the explorer's seed
     * @param status passed, failed (see {@link #counterexample}), or a coverage or discard problem
     * @param tries tries counted
     * @param discarded tries discarded
     * @param counterexample the shrunk failure, if any
     * @param shrinkSteps smaller failing scenarios adopted while shrinking (0 without a failure)
     * @param shrinkExecutions runs spent shrinking (0 without a failure)
     * @param shrinkComplete whether shrinking ran to the end (false if a budget stopped it)
     * @param labels tries per statistics label
     * @param statistics the statistics as text, one label per line with its count and share
     * @param report the explorer's whole report
     * @param checked the invariants checked in place of the strategy's promises (empty: its promises)
     */
    public record Result(String name, String strategy, long seed, ExploreResult.Status status, int tries, int discarded,
                         Optional<Found> counterexample, int shrinkSteps, int shrinkExecutions, boolean shrinkComplete,
                         SortedMap<String, Integer> labels, String statistics, String report, List<String> checked) {
        public boolean passed() {
            return status == ExploreResult.Status.PASSED;
        }

        /** The share of tries with {@code label}, in percent. */
        public double percent(String label) {
            return tries == 0 ? 0 : 100.0 * labels.getOrDefault(label, 0) / tries;
        }
    }

    /**
     * Explores {@code strategy} around {@code base} for {@code tries} tries from {@code seed},
     * writing a counterexample (and the report) to {@code outDir} if not null. What
     * {@code deploysim explore} calls; system properties do not override its arguments.
     *
     * @throws IllegalArgumentException for an unknown strategy, or one whose promises cannot be evaluated
     */
    public static Result explore(Scenario base, String strategy, int tries, long seed, Path outDir) {
        return explore(base, strategy, tries, seed, outDir, () -> false);
    }

    /** {@link #explore(Scenario, String, int, long, Path)}, stopping early (with a report of the tries so far) once {@code stop} says so. */
    public static Result explore(Scenario base, String strategy, int tries, long seed, Path outDir, BooleanSupplier stop) {
        return run(base, Strategies.get(strategy), Settings.of("explore " + strategy, tries, seed).withOutDir(outDir), stop);
    }

    /**
     * Explores {@code strategy} around {@code base} with {@code settings}. The strategy need not be
     * registered: it is explored beside the built-in ones (a strategy of the same name replaces
     * the built-in one for this exploration).
     */
    public static Result run(Scenario base, Strategy strategy, Settings settings) {
        return run(base, strategy, settings, () -> false);
    }

    /** {@link #run(Scenario, Strategy, Settings)}, stopping early (with a report of the tries so far) once {@code stop} says so. */
    public static Result run(Scenario base, Strategy strategy, Settings settings, BooleanSupplier stop) {
        // refuse a promise nobody can evaluate before the first try, not in the middle of a run
        Guarantees.requireUnderstood(strategy, base.withStrategy(StrategyCatalog.of(List.of(strategy)).resolve("strategy",
                strategy.name(), base.strategy().name().equals(strategy.name()) ? base.strategy().options() : Map.of())));
        StrategyCatalog catalog = catalogWith(strategy);
        Runner runner = Runners.standard(catalog);
        ScenarioLoader loader = new ScenarioLoader(catalog);
        String replayArguments = replayArguments(strategy, settings.checks());
        ScenarioGen gen = ScenarioGen.of(base, strategy).withOptions(settings.fixedOptions()).withBudget(s -> budget(strategy, s));
        if (!settings.faults()) {
            gen = gen.withoutFaults();
        }
        Property<Scenario> property = settings.checks().isEmpty()
                ? Promises.kept(runner, strategy)
                : Promises.holds(runner, strategy, settings.checks());
        Path scenarioFile = settings.outDir() == null ? null : settings.outDir().resolve(SCENARIO_FILE);
        Explorer<Scenario> explorer = Explorer.forAll(gen.gen())
                .name(settings.name())
                .tries(settings.tries())
                .seed(settings.seed())
                .edgeCaseTries(settings.edgeCaseTries())
                .describedBy(s -> s == null ? "(none)" : loader.echo(s))
                .reporter(settings.reporter() == null ? text -> { } : settings.reporter())
                .stopWhen(stop);
        if (!settings.systemProperties()) {
            explorer.systemProperties(k -> null);
        }
        if (scenarioFile != null) {
            explorer.onCounterexample(c -> {
                if (c.value() == null) {
                    return null;
                }
                write(scenarioFile, loader.echo(c.value()));
                return "scenario written to " + scenarioFile + "; replay: " + replayCommand(scenarioFile) + replayArguments;
            });
        }
        ExploreResult<Scenario> r = explorer.run(property);
        Optional<Found> found = r.counterexample().map(c -> found(c, loader, scenarioFile, replayArguments));
        if (settings.outDir() != null) {
            write(settings.outDir().resolve(REPORT_FILE), r.report() + "\n");
        }
        Statistics stats = r.statistics();
        int steps = r.counterexample().map(Counterexample::shrinkSteps).orElse(0);
        int executions = r.counterexample().map(Counterexample::shrinkExecutions).orElse(0);
        boolean complete = r.counterexample().map(Counterexample::shrinkComplete).orElse(true);
        return new Result(settings.name(), strategy.name(), r.seed(), r.status(), stats.tries(), stats.discarded(), found,
                steps, executions, complete, stats.labels(), statistics(stats), r.report(), settings.checks());
    }

    /** Virtual time after the deploy's start a run gets when its strategy does not promise that the deploy ends. */
    public static final double UNPROMISED_DEPLOY_SECONDS = 900;

    /**
     * The budget of a generated scenario for {@code strategy}. Where the strategy promises liveness,
     * at least the liveness bound (so a deploy that has not ended when the run stops outlived it);
     * elsewhere at most {@value #UNPROMISED_DEPLOY_SECONDS} s of deploy, because a deploy nobody
     * promised to end (a crash-looping release under Kubernetes) would otherwise churn the whole
     * bound and cost minutes per try.
     */
    public static Budget budget(Strategy strategy, Scenario scenario) {
        Budget b = scenario.budget();
        long margin = Runner.WARMUP_NANOS + Runner.SETTLE_NANOS;
        if (Guarantees.promised(strategy, scenario).contains(Conditions.LIVENESS)) {
            double needed = (margin + Liveness.boundNanos(scenario)) / 1e9 + 60;
            return needed <= b.maxVirtualSeconds() ? b : new Budget(needed, b.maxEvents());
        }
        double cap = margin / 1e9 + UNPROMISED_DEPLOY_SECONDS;
        return cap >= b.maxVirtualSeconds() ? b : new Budget(cap, b.maxEvents());
    }

    /** The built-in strategies with {@code strategy} added (or, under a built-in name, in place of that one). */
    public static StrategyCatalog catalogWith(Strategy strategy) {
        List<Strategy> all = new ArrayList<>();
        for (Strategy s : Strategies.all()) {
            if (!s.name().equals(strategy.name())) {
                all.add(s);
            }
        }
        all.add(strategy);
        return StrategyCatalog.of(all);
    }

    /**
     * What the replay command needs after the file: {@code --classpath} with the folder or jar the
     * strategy's class was loaded from when it is not the built-in one, and {@code --check} with the
     * checked invariants, so that the replay judges the run as the exploration did.
     */
    public static String replayArguments(Strategy strategy, List<String> checks) {
        StringBuilder out = new StringBuilder();
        boolean builtIn = Strategies.names().contains(strategy.name())
                && Strategies.get(strategy.name()).getClass().equals(strategy.getClass());
        if (!builtIn) {
            codeSource(strategy.getClass()).ifPresent(p -> out.append(" --classpath ").append(p));
        }
        if (!checks.isEmpty()) {
            out.append(" --check ").append(String.join(",", checks));
        }
        return out.toString();
    }

    /** The jar or class folder {@code type} was loaded from, if the JVM says. */
    static Optional<Path> codeSource(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Found found(Counterexample<Scenario> c, ScenarioLoader loader, Path scenarioFile, String replayArguments) {
        Scenario s = c.value();
        String json = s == null ? "" : loader.echo(s);
        String replay = scenarioFile == null ? "" : replayCommand(scenarioFile) + replayArguments;
        return new Found(s, c.failure().kind(), c.failure().message(), s == null ? 0 : s.app().machines(),
                s == null ? 0 : s.app().groups().size(), s == null ? 0 : s.faults().size(), s == null ? 0 : s.seed(), json,
                Optional.ofNullable(s == null ? null : scenarioFile), replay, c.tryIndex(), c.originalValue());
    }

    /** One label per line, most frequent first: count and share of the tries. */
    public static String statistics(Statistics stats) {
        List<Map.Entry<String, Integer>> rows = new ArrayList<>(stats.labels().entrySet());
        rows.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int width = rows.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Integer> e : rows) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %6d %6.1f%%%n", e.getKey(), e.getValue(),
                    stats.percent(e.getKey())));
        }
        return out.toString();
    }

    /**
     * {@code ./deploysim replay <file>}, with the file relative to the repository root when it
     * lies inside one (the directory holding the {@code deploysim} launcher), else absolute.
     */
    public static String replayCommand(Path scenarioFile) {
        Path abs = scenarioFile.toAbsolutePath().normalize();
        for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploysim")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return "./deploysim replay " + dir.relativize(abs);
            }
        }
        return "./deploysim replay " + abs;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
