package dev.deploysim.sim.testing;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.verify.Exploration;
import dev.deploysim.sim.verify.Invariants;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An exploration of one strategy, set up by chained calls and ended by {@link #assertPromisesHold()},
 * {@link #assertHolds()} or {@link #result()}. Defaults: 1,000 tries, seed 1, faults on, the
 * default scenario, the explorer's report (statistics, and the shrunk scenario on a failure)
 * printed to standard output, {@code -Ddeploysim.*} system properties ignored.
 *
 * <p>Every failure is shrunk to a minimal scenario, written with its {@code result.json},
 * {@code report.html} and the explorer's {@code report.txt} under {@link #outputDir()}.
 */
public final class Exploring {
    /** Tries unless {@link #tries(int)} says otherwise. */
    public static final int DEFAULT_TRIES = 1000;

    private final Strategy strategy;
    private String name;
    private int tries = DEFAULT_TRIES;
    private long seed = 1;
    private boolean faults = true;
    private boolean systemProperties;
    private Path scenario;
    private final List<String> sets = new ArrayList<>();
    private final TreeMap<String, Object> fixedOptions = new TreeMap<>();
    private final List<String> checks = new ArrayList<>();
    private Consumer<String> reporter = System.out::println;

    Exploring(Strategy strategy, String name) {
        this.strategy = strategy;
        this.name = name;
    }

    /** The test's name: its failure goes to {@value DeploySim#OUTPUT_ROOT}{@code /<name>/} (default: the calling {@code Class.method}). */
    public Exploring name(String testName) {
        this.name = DeploySim.safe(Objects.requireNonNull(testName, "testName"));
        return this;
    }

    /** How many generated scenarios to try (default {@value #DEFAULT_TRIES}). */
    public Exploring tries(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("tries must be >= 1, was " + n);
        }
        this.tries = n;
        return this;
    }

    /** The explorer's seed (default 1): the same seed, the same tries and the same shrunk scenario. */
    public Exploring seed(long s) {
        this.seed = s;
        return this;
    }

    /** Generates no faults (by default tries inject crashes, API errors, partitions and the like). */
    public Exploring withoutFaults() {
        this.faults = false;
        return this;
    }

    /**
     * Lets {@code -Ddeploysim.tries=N}, {@code -Ddeploysim.seed=S} and {@code -Ddeploysim.try=I}
     * override tries and seed, for a soak run from the command line.
     */
    public Exploring systemProperties() {
        this.systemProperties = true;
        return this;
    }

    /** Explores around the scenario in {@code file} instead of the default one (its strategy is replaced by this one). */
    public Exploring scenario(Path file) {
        this.scenario = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Overrides one field of the base scenario, {@code PATH=VALUE} as {@code --set} takes it; repeatable. */
    public Exploring set(String assignment) {
        sets.add(Objects.requireNonNull(assignment, "assignment"));
        return this;
    }

    /** Fixes one strategy option in every try (otherwise options vary around their defaults). */
    public Exploring option(String option, Object value) {
        fixedOptions.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Checks exactly these invariants (names as {@code deploysim --check} takes them), promised or
     * not, instead of the strategy's promises.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public Exploring check(String... invariants) {
        for (String i : invariants) {
            checks.add(Invariants.get(i).name());
        }
        return this;
    }

    /** Where the explorer's report goes (default: standard output); {@code text -> { }} silences it. */
    public Exploring reporter(Consumer<String> r) {
        this.reporter = Objects.requireNonNull(r, "r");
        return this;
    }

    /** Where a failure of this exploration is written. */
    public Path outputDir() {
        return DeploySim.outputDir(name);
    }

    /**
     * Explores and returns what was found, failing nothing: for tests that expect a failure or
     * assert on the statistics. A counterexample is written under {@link #outputDir()} all the same.
     */
    public Exploration.Result result() {
        StrategyCatalog catalog = Exploration.catalogWith(strategy);
        ScenarioLoader loader = new ScenarioLoader(catalog);
        Scenario base = Scenarios.of(loader, strategy, scenario, sets);
        Path dir = outputDir();
        Artifacts.clear(dir);
        Exploration.Result r = Exploration.run(base, strategy, Exploration.Settings.of(name, tries, seed)
                .withOutDir(dir).withReporter(reporter).withSystemProperties(systemProperties).withFixedOptions(fixedOptions)
                .withFaults(faults).checkingOnly(checks));
        r.counterexample().ifPresent(c -> {
            if (c.scenario() != null) {
                var runner = Runners.standard(catalog);
                Artifacts.write(dir, new TestRun(runner.run(c.scenario()), strategy, loader, name, runner.checkers().size()));
            }
        });
        return r;
    }

    /**
     * Explores the strategy's promises and fails on the first broken one, with the message
     * {@link #failure} describes.
     *
     * @return the result, for further assertions (e.g. on the statistics)
     * @throws IllegalStateException if {@link #check} was called (use {@link #assertHolds()})
     */
    public Exploration.Result assertPromisesHold() {
        if (!checks.isEmpty()) {
            throw new IllegalStateException("check(...) was called: assertHolds() checks those invariants");
        }
        return assertHolds();
    }

    /**
     * Explores the invariants {@link #check} named (or, if none, the strategy's promises) and fails
     * on the first violation.
     *
     * @return the result, for further assertions (e.g. on the statistics)
     */
    public Exploration.Result assertHolds() {
        Exploration.Result r = result();
        if (!r.passed()) {
            throw new AssertionError(failure(r));
        }
        return r;
    }

    /**
     * The message of a failed exploration: the broken invariant and why, the shrunk scenario's size,
     * the files written, the replay command, and the explorer's report (statistics, shrunk JSON).
     */
    public String failure(Exploration.Result r) {
        StringBuilder m = new StringBuilder();
        r.counterexample().ifPresentOrElse(c -> {
            String prefix = strategy.name() + " promised " + c.invariant() + " but: ";
            String detail = c.detail().startsWith(prefix) ? c.detail().substring(prefix.length()) : c.detail();
            m.append(strategy.name()).append(r.checked().isEmpty() ? " broke its promise " : " violated ")
                    .append(c.invariant()).append(": ").append(detail).append('\n');
            m.append("shrunk to ").append(c.machines()).append(c.machines() == 1 ? " machine, " : " machines, ")
                    .append(c.groups()).append(c.groups() == 1 ? " process group, " : " process groups, ")
                    .append(c.faults()).append(c.faults() == 1 ? " fault" : " faults").append(", seed ").append(c.seed())
                    .append(" (try ").append(c.tryIndex()).append(" of explorer seed ").append(r.seed()).append(")\n");
            m.append("written: ").append(outputDir()).append("/ (");
            m.append(String.join(", ", Artifacts.FILES)).append(")\n");
            m.append("replay:  ").append(c.replayCommand()).append('\n');
        }, () -> m.append("exploration of ").append(strategy.name()).append(" did not pass: ")
                .append(r.status().name().toLowerCase(java.util.Locale.ROOT)).append('\n'));
        m.append('\n').append(r.report());
        return m.toString();
    }
}
