package dev.deploysim.sim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.ExploreResult;
import dev.deploysim.sim.fault.StrategyOptions;
import dev.deploysim.sim.scenario.FaultKind;
import dev.deploysim.sim.testing.DeploySim;
import dev.deploysim.strategies.Strategies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The property suite: for every registered strategy (a strategy added to the registry is checked
 * with no change here), every invariant it promises holds over random apps, options, fault
 * schedules and timings. {@value #TRIES} tries per strategy by default; {@code -Ddeploysim.tries=N}
 * for a soak, {@code -Ddeploysim.seed=S} for another region of the space (docs/verification.md).
 *
 * <p>It explores through the testing API other projects use ({@link DeploySim}), every strategy on
 * its own core at once: a failure writes the shrunk scenario, its result.json and report.html to
 * {@code target/deploysim/promises-<strategy>/} and fails with the broken invariant, the shrunk size
 * and the one-line replay command. Besides passing, each run must have met its risky cases: every invariant the
 * strategy declares was promised in at least {@value #MIN_PROMISED_PERCENT}% of the tries, each fault
 * kind occurred in at least {@value #MIN_FAULT_KIND_PERCENT}%, one machine in at least
 * {@value #MIN_ONE_MACHINE_PERCENT}%, where the strategy has a spearhead, a fault hit during its update in at
 * least {@value #MIN_FAULT_IN_SPEARHEAD_PERCENT}%, and where it has percentage or integer options, one of them sat
 * on a boundary value the ordinary draw never gives ({@code boundary-option}) in at least
 * {@value #MIN_BOUNDARY_OPTION_PERCENT}%.
 */
class PromisesPropertyTest {
    /** Tries per strategy in {@code mvn verify}; about 2 ms each (docs/verification.md has the measurements). */
    static final int TRIES = 2000;
    static final double MIN_PROMISED_PERCENT = 1;
    static final double MIN_FAULT_KIND_PERCENT = 3;
    static final double MIN_ONE_MACHINE_PERCENT = 5;
    static final double MIN_FAULT_IN_SPEARHEAD_PERCENT = 5;
    static final double MIN_BOUNDARY_OPTION_PERCENT = 2;
    /** Coverage is judged only on runs at least this long (a quick {@code -Ddeploysim.tries=50} is not). */
    static final int COVERAGE_MIN_TRIES = 500;

    @TestFactory
    Stream<DynamicTest> everyStrategyKeepsEveryPromiseItMakes() {
        // The strategies' explorations are independent (each run has its own kernel, carried by
        // the thread that runs it, and its own seeded streams), so they run on every core at
        // once; each test then judges its own result. Results do not depend on the threads.
        List<String> names = Strategies.names();
        int threads = Math.max(1, Math.min(names.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "promises");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<Exploration.Result>> results = new LinkedHashMap<>();
        for (String name : names) {
            results.put(name, pool.submit(() -> explore(name)));
        }
        pool.shutdown();
        return names.stream().map(name -> DynamicTest.dynamicTest(
                name + " keeps every promise over random apps, options, faults and timings",
                () -> keepsItsPromises(name, outcome(results.get(name)))));
    }

    private Exploration.Result explore(String name) {
        // the testing API other projects use (DeploySim), so there is one way to do it; a broken
        // promise fails here with the shrunk scenario written and the replay command
        return DeploySim.explore(Strategies.get(name)).name("promises-" + name).tries(TRIES).seed(1)
                .systemProperties().assertPromisesHold();
    }

    private static Exploration.Result outcome(Future<Exploration.Result> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void keepsItsPromises(String name, Exploration.Result r) {
        Strategy strategy = Strategies.get(name);
        assertThat(r.status()).isEqualTo(ExploreResult.Status.PASSED);
        if (r.tries() < COVERAGE_MIN_TRIES) {
            return;
        }
        List<String> missed = new ArrayList<>();
        TreeSet<String> declared = new TreeSet<>();
        for (Guarantee g : strategy.guarantees()) {
            declared.add(g.invariant());
        }
        for (String invariant : declared) {
            require(r, "promised:" + invariant, MIN_PROMISED_PERCENT, missed);
        }
        for (FaultKind k : FaultKind.values()) {
            require(r, "fault:" + k.jsonName(), MIN_FAULT_KIND_PERCENT, missed);
        }
        require(r, "n=1", MIN_ONE_MACHINE_PERCENT, missed);
        boolean boundaries = strategy.options().stream().anyMatch(o -> !StrategyOptions.boundaryValues(o, 3).isEmpty());
        if (boundaries) {
            require(r, Promises.BOUNDARY_OPTION, MIN_BOUNDARY_OPTION_PERCENT, missed);
        }
        if (r.percent("spearhead") >= 20) {
            require(r, Promises.FAULT_IN_SPEARHEAD, MIN_FAULT_IN_SPEARHEAD_PERCENT, missed);
        }
        assertThat(missed).as("coverage of %s over %d tries:%n%s", name, r.tries(), r.statistics()).isEmpty();
    }

    private static void require(Exploration.Result r, String label, double minPercent, List<String> missed) {
        if (r.percent(label) < minPercent) {
            missed.add(String.format(java.util.Locale.ROOT, "'%s' in %.1f%% of tries, required %.1f%%", label,
                    r.percent(label), minPercent));
        }
    }
}
