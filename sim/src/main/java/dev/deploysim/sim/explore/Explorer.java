package dev.deploysim.sim.explore;

import dev.deploysim.sim.random.RandomStream;
import dev.deploysim.sim.random.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs a property against generated values: the property-based testing engine. A run makes
 * {@link #tries} tries; try {@code i} of seed {@code s} is fully determined by {@code (s, i)}:
 * <ul>
 *   <li>try 0 takes every choice at its minimum (the simplest value: fewest items, lower bounds,
 *       first options);</li>
 *   <li>try 1 takes every choice at its maximum;</li>
 *   <li>tries 2 to {@link #edgeCaseTries} - 1 take each choice at a boundary (0, 1, max - 1 or
 *       max, picked by the try's random stream);</li>
 *   <li>later tries draw at random from stream {@code "explore.try.<i>"} of
 *       {@code new Streams(s)}.</li>
 * </ul>
 * The first failing try is shrunk (see "Shrinking" in docs/verification.md) and reported with
 * its statistics and a replay hint. Discarded tries (filters, assumptions) do not count towards {@link #tries} but
 * do use up try indices.
 *
 * <pre>{@code
 * Explorer.forAll(Gen.lists(Gen.integers(0, 1000), 0, 20))
 *         .name("sum stays small")
 *         .tries(500)
 *         .cover("empty", 1)
 *         .check((xs, t) -> {
 *             t.classify(xs.isEmpty(), "empty");
 *             assertThat(xs.stream().mapToInt(x -> x).sum()).isLessThanOrEqualTo(100);
 *         })
 *         .assertPassed();
 * }</pre>
 *
 * <p>System properties override the code, so a soak or a replay needs no edit:
 * {@value #TRIES_PROPERTY}, {@value #SEED_PROPERTY} (decimal or 0x hex) and {@value #TRY_PROPERTY}
 * (run only that try). Tests that pin exact numbers opt out with {@link #systemProperties}.
 *
 * <p>Not thread-safe: configure and run from one thread. Separate explorers run side by side.
 */
public final class Explorer<T> {

    public static final int DEFAULT_TRIES = 100;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_EDGE_CASE_TRIES = 8;
    public static final int DEFAULT_MAX_CHOICES = 10_000;
    public static final int DEFAULT_MAX_SHRINK_STEPS = 1_000;
    public static final int DEFAULT_MAX_SHRINK_EXECUTIONS = 5_000;
    public static final int DEFAULT_COVERAGE_MIN_TRIES = 100;
    /** System property overriding {@link #tries}. */
    public static final String TRIES_PROPERTY = "deploysim.tries";
    /** System property overriding {@link #seed}. */
    public static final String SEED_PROPERTY = "deploysim.seed";
    /** System property that makes the run execute only the try with this index. */
    public static final String TRY_PROPERTY = "deploysim.try";

    private final Gen<T> gen;
    private String name = "property";
    private int tries = DEFAULT_TRIES;
    private long seed = DEFAULT_SEED;
    private int onlyTry = -1;
    private int edgeCaseTries = DEFAULT_EDGE_CASE_TRIES;
    private int maxDiscards = -1;
    private int maxChoices = DEFAULT_MAX_CHOICES;
    private int maxShrinkSteps = DEFAULT_MAX_SHRINK_STEPS;
    private int maxShrinkExecutions = DEFAULT_MAX_SHRINK_EXECUTIONS;
    private boolean keepFailureKind = true;
    private final List<Coverage> coverage = new ArrayList<>();
    private int coverageMinTries = DEFAULT_COVERAGE_MIN_TRIES;
    private Function<? super T, String> describer = String::valueOf;
    private BooleanSupplier stopRequested = () -> false;
    private Consumer<String> reporter = System.out::println;
    private CounterexampleHook<T> hook;
    private LongSupplier nanoClock;
    private long budgetNanos;
    private Function<String, String> properties = System::getProperty;

    private record Coverage(String label, double minPercent) {
    }

    private record Settings(int tries, long seed, int onlyTry) {
    }

    private Explorer(Gen<T> gen) {
        this.gen = Objects.requireNonNull(gen, "gen");
    }

    /** An explorer of {@code gen}'s values, with default settings. */
    public static <T> Explorer<T> forAll(Gen<T> gen) {
        return new Explorer<>(gen);
    }

    /** Names the property in reports and replay hints (e.g. the test's name). */
    public Explorer<T> name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Tries to count (passed or failed; discarded tries do not count). Default 100. */
    public Explorer<T> tries(int tries) {
        this.tries = requireAtLeast("tries", tries, 1);
        return this;
    }

    /** The run's seed. Default {@value #DEFAULT_SEED}: a run is reproducible unless told otherwise. */
    public Explorer<T> seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Runs only try {@code index} (and shrinks it if it fails): how a reported failure is replayed. */
    public Explorer<T> onlyTry(int index) {
        this.onlyTry = requireAtLeast("onlyTry", index, 0);
        return this;
    }

    /** How many of the first tries take minimum, maximum and boundary choices. Default 8. */
    public Explorer<T> edgeCaseTries(int count) {
        this.edgeCaseTries = requireAtLeast("edgeCaseTries", count, 0);
        return this;
    }

    /** Discarded tries allowed before the run fails as {@code TOO_MANY_DISCARDS}. Default max(100, tries). */
    public Explorer<T> maxDiscards(int count) {
        this.maxDiscards = requireAtLeast("maxDiscards", count, 0);
        return this;
    }

    /** Choices one try may draw before it is discarded as runaway. Default 10,000. */
    public Explorer<T> maxChoices(int count) {
        this.maxChoices = requireAtLeast("maxChoices", count, 1);
        return this;
    }

    /** Smaller failing cases shrinking may adopt before it stops. Default 1,000. */
    public Explorer<T> maxShrinkSteps(int count) {
        this.maxShrinkSteps = requireAtLeast("maxShrinkSteps", count, 0);
        return this;
    }

    /**
     * Property executions shrinking may spend: its time budget, counted in executions so that
     * it is the same on every machine. Default 5,000.
     */
    public Explorer<T> maxShrinkExecutions(int count) {
        this.maxShrinkExecutions = requireAtLeast("maxShrinkExecutions", count, 0);
        return this;
    }

    /**
     * Whether shrinking only adopts cases that fail with the original failure's kind (default
     * true), so that it never slips from one bug onto another.
     */
    public Explorer<T> keepFailureKind(boolean keep) {
        this.keepFailureKind = keep;
        return this;
    }

    /**
     * Requires at least {@code minPercent} percent of the tries to carry {@code label}; a run
     * that passes every try but misses it fails as {@code COVERAGE_NOT_MET}.
     */
    public Explorer<T> cover(String label, double minPercent) {
        if (!(minPercent >= 0 && minPercent <= 100)) {
            throw new IllegalArgumentException("minPercent must be in [0, 100], was " + minPercent);
        }
        coverage.add(new Coverage(Objects.requireNonNull(label, "label"), minPercent));
        return this;
    }

    /**
     * Fewest counted tries for coverage to be judged (default 100): below it, e.g. in a quick
     * run with {@code -Ddeploysim.tries=10}, coverage is reported as not checked.
     */
    public Explorer<T> coverageMinTries(int count) {
        this.coverageMinTries = requireAtLeast("coverageMinTries", count, 1);
        return this;
    }

    /** How values appear in reports (default {@code String.valueOf}); e.g. a scenario as JSON. */
    public Explorer<T> describedBy(Function<? super T, String> describer) {
        this.describer = Objects.requireNonNull(describer, "describer");
        return this;
    }

    /** Where every run's report goes (default standard output). */
    public Explorer<T> reporter(Consumer<String> reporter) {
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        return this;
    }

    /** Called with the shrunk counterexample of a failed run, e.g. to write artifacts. */
    public Explorer<T> onCounterexample(CounterexampleHook<T> hook) {
        this.hook = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * Stops trying and shrinking once {@code budget} has passed on {@code nanoClock}. The clock
     * is the caller's (the CLI's wall clock, say): a run stopped by it is no longer a function of
     * its seed, which is why the engine never reads a clock itself.
     */
    public Explorer<T> timeBudget(LongSupplier nanoClock, Duration budget) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.budgetNanos = budget.toNanos();
        return this;
    }

    /**
     * Stops trying and shrinking once {@code stop} says so (the CLI's Ctrl-C): the report then
     * says so and shows what the tries so far found, instead of nothing at all.
     */
    public Explorer<T> stopWhen(BooleanSupplier stop) {
        this.stopRequested = Objects.requireNonNull(stop, "stop");
        return this;
    }

    /**
     * Where the {@value #TRIES_PROPERTY}, {@value #SEED_PROPERTY} and {@value #TRY_PROPERTY}
     * overrides are looked up (default {@link System#getProperty(String)}); {@code k -> null}
     * ignores them.
     */
    public Explorer<T> systemProperties(Function<String, String> lookup) {
        this.properties = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /** Runs {@code check} on each try: returning passes, throwing fails. */
    public ExploreResult<T> check(Check<T> check) {
        Objects.requireNonNull(check, "check");
        return run((value, t) -> {
            check.accept(value, t);
            return Verdict.pass();
        });
    }

    /** Runs {@code property} on each try and reports the result (it never throws for a failure). */
    public ExploreResult<T> run(Property<T> property) {
        Objects.requireNonNull(property, "property");
        Settings s = settings();
        BooleanSupplier timeUp = timeUp();
        int discardLimit = maxDiscards >= 0 ? maxDiscards : Math.max(100, s.tries());
        TryPhase<T> phase = runTries(s, discardLimit, property, timeUp);
        Statistics statistics = phase.statistics();
        boolean stoppedByTime = phase.stoppedByTime();

        ExploreResult.Status status = ExploreResult.Status.PASSED;
        String problem = "";
        Optional<Counterexample<T>> counterexample = Optional.empty();
        List<String> artifacts = List.of();
        List<CoverageCheck> coverageChecks = new ArrayList<>();
        if (phase.failing() != null) {
            status = ExploreResult.Status.FAILED;
            Counterexample<T> c = shrink(phase.failing(), phase.failingIndex(), s.seed(), property, timeUp);
            stoppedByTime |= !c.shrinkComplete() && timeUp.getAsBoolean();
            counterexample = Optional.of(c);
            artifacts = runHook(c);
        } else if (statistics.discarded() > discardLimit) {
            status = ExploreResult.Status.TOO_MANY_DISCARDS;
            problem = Report.tooManyDiscards(statistics.discarded(), discardLimit, statistics.tries(),
                    phase.discardReasons(), statistics.filters());
        } else {
            boolean judged = s.onlyTry() < 0 && statistics.tries() >= coverageMinTries;
            coverageChecks = judgeCoverage(statistics, judged);
            List<String> missed = coverageChecks.stream().filter(c -> c.checked() && !c.met())
                    .map(Report::coverageLine).toList();
            if (!missed.isEmpty()) {
                status = ExploreResult.Status.COVERAGE_NOT_MET;
                problem = "coverage not met after " + statistics.tries() + " tries: " + String.join("; ", missed)
                        + ". Make the generator produce these cases more often, or lower the requirement.";
            }
        }
        if (coverageChecks.isEmpty()) { // a failure or too many discards: coverage is moot
            coverageChecks = judgeCoverage(statistics, false);
        }
        String stoppedHow = !stoppedByTime ? "" : stopRequested.getAsBoolean() ? "interrupted" : "stopped by the time budget";
        String report = Report.format(name, s.seed(), status, statistics, coverageChecks, counterexample,
                problem, stoppedHow, artifacts, describer, coverageMinTries);
        reporter.accept(report);
        return new ExploreResult<>(name, s.seed(), status, statistics, coverageChecks, counterexample, problem,
                stoppedByTime, report);
    }

    /** What the tries found before shrinking: the statistics, and the first failure if any. */
    private record TryPhase<T>(Statistics statistics, SortedMap<String, Integer> discardReasons,
                               Execution<T> failing, int failingIndex, boolean stoppedByTime) {
    }

    private TryPhase<T> runTries(Settings s, int discardLimit, Property<T> property, BooleanSupplier timeUp) {
        SortedMap<String, Integer> labels = new TreeMap<>();
        SortedMap<String, long[]> filters = new TreeMap<>();
        SortedMap<String, Integer> discardReasons = new TreeMap<>();
        int counted = 0;
        int discarded = 0;
        boolean stoppedByTime = false;
        Execution<T> failing = null;
        int index = s.onlyTry() >= 0 ? s.onlyTry() : 0;
        int lastIndex = s.onlyTry() >= 0 ? s.onlyTry() : Integer.MAX_VALUE;
        for (; index <= lastIndex && counted < s.tries() && discarded <= discardLimit; index++) {
            if (timeUp.getAsBoolean()) {
                stoppedByTime = true;
                break;
            }
            Execution<T> e = execute(choicesFor(s.seed(), index), index, s.seed(), property);
            e.filters().forEach((d, c) -> {
                long[] total = filters.computeIfAbsent(d, k -> new long[3]);
                for (int i = 0; i < 3; i++) {
                    total[i] += c[i];
                }
            });
            if (e.outcome() == Verdict.Status.DISCARD) {
                discarded++;
                discardReasons.merge(e.discardReason(), 1, Integer::sum);
                continue;
            }
            counted++;
            e.labels().forEach(l -> labels.merge(l, 1, Integer::sum));
            if (e.failed()) {
                failing = e;
                break;
            }
        }
        List<FilterStats> filterStats = new ArrayList<>();
        filters.forEach((d, c) -> filterStats.add(new FilterStats(d, c[0], c[1], c[2])));
        return new TryPhase<>(new Statistics(counted, discarded, labels, filterStats), discardReasons, failing,
                failing == null ? -1 : index, stoppedByTime);
    }

    private List<CoverageCheck> judgeCoverage(Statistics statistics, boolean judged) {
        List<CoverageCheck> checks = new ArrayList<>();
        for (Coverage cov : coverage) {
            double actual = statistics.percent(cov.label());
            checks.add(new CoverageCheck(cov.label(), cov.minPercent(), actual, judged,
                    judged && actual >= cov.minPercent()));
        }
        return checks;
    }

    private List<String> runHook(Counterexample<T> c) {
        if (hook == null) {
            return List.of();
        }
        try {
            String line = hook.accept(c);
            return line == null ? List.of() : List.of(line);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // whatever the hook did, the counterexample must still be reported
            return List.of("the counterexample hook failed: " + e);
        }
    }

    private BooleanSupplier timeUp() {
        BooleanSupplier stop = stopRequested;
        if (nanoClock == null) {
            return stop;
        }
        LongSupplier clock = nanoClock;
        long budget = budgetNanos;
        long start = clock.getAsLong();
        return () -> stop.getAsBoolean() || clock.getAsLong() - start >= budget;
    }

    /** The value and choices of try {@code index} under the effective seed, without running a property. */
    public Sample<T> generate(int index) {
        requireAtLeast("index", index, 0);
        return sample(choicesFor(settings().seed(), index), "try " + index);
    }

    /** The value the generator builds from {@code choices} (e.g. a counterexample's shrunk choices). */
    public Sample<T> replay(long... choices) {
        return sample(Choices.replaying(choices, maxChoices), "choices " + Arrays.toString(choices));
    }

    private Sample<T> sample(Choices c, String what) {
        T value;
        try {
            value = c.draw(gen);
        } catch (Choices.Rejection r) {
            throw new IllegalStateException(what + " generates no value: " + r.getMessage(), r);
        }
        if (c.rejection() != null) {
            throw new IllegalStateException(what + " generates no value: " + c.rejection());
        }
        return new Sample<>(value, toList(c.sequence()));
    }

    private Choices choicesFor(long seed, int index) {
        if (index == 0 && edgeCaseTries > 0) {
            return Choices.replaying(new long[0], maxChoices); // every choice at its minimum
        }
        RandomStream stream = new Streams(seed).get("explore.try." + index);
        Choices.Mode mode = index == 1 && edgeCaseTries > 1 ? Choices.Mode.MAXIMUM
                : index < edgeCaseTries ? Choices.Mode.BOUNDARY
                : Choices.Mode.RANDOM;
        return Choices.of(mode, stream, maxChoices);
    }

    private Execution<T> execute(Choices c, int index, long seed, Property<T> property) {
        Try t = new Try(index, seed, c);
        T value = null;
        Verdict verdict;
        Failure failure = null;
        try {
            value = c.draw(gen);
            verdict = property.test(value, t);
            if (verdict == null) {
                failure = new Failure("null verdict", "the property returned null instead of a Verdict", Optional.empty());
            } else if (verdict.status() == Verdict.Status.FAIL) {
                failure = Failure.of(verdict);
            } else if (verdict.status() == Verdict.Status.DISCARD && c.rejection() == null) {
                c.reject(verdict.message());
            }
        } catch (StackOverflowError e) {
            failure = Failure.of(e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // a property's unexpected exception is a failure like any other
            failure = Failure.of(e);
        }
        // A rejection wins over whatever followed it: a filter or assumption said this try
        // does not count, even if the code around it caught the rejection and went on.
        if (c.rejection() != null) {
            return new Execution<>(Verdict.Status.DISCARD, c.sequence(), c.spans(), value, null, c.rejection(),
                    t.labels(), t.notes(), copy(c.filterCounts()));
        }
        return new Execution<>(failure == null ? Verdict.Status.PASS : Verdict.Status.FAIL, c.sequence(), c.spans(),
                value, failure, null, t.labels(), t.notes(), copy(c.filterCounts()));
    }

    private Counterexample<T> shrink(Execution<T> failing, int index, long seed, Property<T> property,
                                     BooleanSupplier timeUp) {
        Shrinker.Runner<T> runner = prefix -> execute(Choices.replaying(prefix, maxChoices), index, seed, property);
        // Replay the failure once before shrinking it: if its own choices do not reproduce it,
        // the property is not a function of them and shrinking would chase noise.
        Execution<T> again = runner.apply(failing.sequence());
        boolean flaky = !again.failed()
                || keepFailureKind && !again.failure().kind().equals(failing.failure().kind());
        Execution<T> best = failing;
        int steps = 0;
        int executions = 1;
        boolean complete = false;
        if (!flaky) {
            Shrinker<T> shrinker = new Shrinker<>(runner, failing, keepFailureKind, maxShrinkSteps,
                    maxShrinkExecutions, timeUp);
            complete = shrinker.shrink();
            best = shrinker.best();
            steps = shrinker.steps();
            executions += shrinker.executions();
        }
        return new Counterexample<>(best.value(), best.failure(), toList(best.sequence()), best.notes(),
                failing.value(), failing.failure(), toList(failing.sequence()), seed, index, steps, executions,
                complete, flaky);
    }

    private Settings settings() {
        int effectiveTries = tries;
        long effectiveSeed = seed;
        int effectiveOnlyTry = onlyTry;
        String t = properties.apply(TRIES_PROPERTY);
        if (t != null && !t.isBlank()) {
            effectiveTries = requireAtLeast(TRIES_PROPERTY, parseInt(TRIES_PROPERTY, t), 1);
        }
        String s = properties.apply(SEED_PROPERTY);
        if (s != null && !s.isBlank()) {
            try {
                effectiveSeed = Long.decode(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + SEED_PROPERTY
                        + " must be a long (decimal or 0x hex), was '" + s + "'", e);
            }
        }
        String i = properties.apply(TRY_PROPERTY);
        if (i != null && !i.isBlank()) {
            effectiveOnlyTry = requireAtLeast(TRY_PROPERTY, parseInt(TRY_PROPERTY, i), 0);
        }
        return new Settings(effectiveTries, effectiveSeed, effectiveOnlyTry);
    }

    private static int parseInt(String property, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + property + " must be an int, was '" + text + "'", e);
        }
    }

    private static int requireAtLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    private static Map<String, long[]> copy(Map<String, long[]> counts) {
        Map<String, long[]> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    private static List<Long> toList(long[] sequence) {
        List<Long> out = new ArrayList<>(sequence.length);
        for (long v : sequence) {
            out.add(v);
        }
        return out;
    }
}
