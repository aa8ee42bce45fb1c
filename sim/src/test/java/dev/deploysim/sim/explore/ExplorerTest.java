package dev.deploysim.sim.explore;

import static dev.deploysim.sim.explore.Oracles.quiet;
import static dev.deploysim.sim.explore.Oracles.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExplorerTest {

    record App(int machines, List<Integer> faults, boolean canary) {
    }

    // 1..1000 machines, up to 5 fault times in 0..3600, canary or not: 10^3 * ... cases, so a
    // random try lands on one particular corner with probability far below one in a million.
    private static final Gen<App> APPS = Gen.combine(Gen.integers(1, 1000),
            Gen.lists(Gen.integers(0, 3600), 0, 5), Gen.booleans(), App::new);

    @Test
    void theSimplestCaseIsTheFirstTry() {
        List<App> seen = new ArrayList<>();
        ExploreResult<App> r = quiet(APPS).run((app, t) -> {
            seen.add(app);
            return Verdict.require(!(app.machines() == 1 && app.faults().isEmpty() && !app.canary()), "simplest");
        });
        assertThat(r.status()).isEqualTo(ExploreResult.Status.FAILED);
        Counterexample<App> c = r.counterexample().orElseThrow();
        assertThat(c.tryIndex()).isZero();
        assertThat(seen.get(0)).isEqualTo(new App(1, List.of(), false));
        assertThat(c.originalChoices()).isEqualTo(c.choices()).containsExactly(0L, 0L, 0L);
        assertThat(r.statistics().tries()).isEqualTo(1);
    }

    @Test
    void theLargestCaseIsTheSecondTry() {
        ExploreResult<App> r = quiet(APPS).run((app, t) -> Verdict.require(
                !(app.machines() == 1000 && app.faults().equals(List.of(3600, 3600, 3600, 3600, 3600)) && app.canary()),
                "largest"));
        Counterexample<App> c = r.counterexample().orElseThrow();
        assertThat(c.tryIndex()).isEqualTo(1);
        assertThat(c.value()).isEqualTo(c.originalValue()); // the only failing value: nothing smaller fails
    }

    @Test
    void edgeCaseTriesTakeEveryChoiceAtABoundaryThenRandomTriesTakeAnyValue() {
        Explorer<App> explorer = quiet(APPS).seed(12);
        for (int i = 2; i < Explorer.DEFAULT_EDGE_CASE_TRIES; i++) {
            App app = explorer.generate(i).value();
            assertThat(app.machines()).as("try %d", i).isIn(1, 2, 999, 1000);
            assertThat(app.faults()).as("try %d", i).allSatisfy(f -> assertThat(f).isIn(0, 1, 3599, 3600));
        }
        long interior = 0;
        for (int i = Explorer.DEFAULT_EDGE_CASE_TRIES; i < 200; i++) {
            int m = explorer.generate(i).value().machines();
            interior += m > 2 && m < 999 ? 1 : 0;
        }
        assertThat(interior).isGreaterThan(180);
    }

    @Test
    void statisticsCountExactlyTheLabelsOfEachTry() {
        Gen<Integer> gen = Gen.integers(0, 9);
        Explorer<Integer> explorer = quiet(gen).seed(31).tries(200);
        ExploreResult<Integer> r = explorer.check((n, t) -> {
            t.label("n=" + n);
            t.label("n=" + n); // counted once per try
            t.classify(n % 2 == 0, "even");
        });
        // Oracle: regenerate every try independently and count by hand.
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            int n = explorer.generate(i).value();
            expected.merge("n=" + n, 1, Integer::sum);
            if (n % 2 == 0) {
                expected.merge("even", 1, Integer::sum);
            }
        }
        assertThat(r.passed()).isTrue();
        assertThat(r.statistics().tries()).isEqualTo(200);
        assertThat(r.statistics().labels()).isEqualTo(expected);
        assertThat(r.statistics().percent("even")).isEqualTo(expected.get("even") / 2.0);
        assertThat(r.report()).contains(String.format(java.util.Locale.ROOT, "%.1f%%", expected.get("even") / 2.0));
    }

    @Test
    void aLabelRarerThanItsCoverageRequirementFailsTheRun() {
        Gen<Integer> gen = Gen.integers(1, 100);
        Check<Integer> check = (n, t) -> {
            t.classify(n == 1, "n=1");
            t.classify(n <= 50, "lower half");
        };
        ExploreResult<Integer> rare = quiet(gen).tries(300).cover("n=1", 5).cover("lower half", 30).check(check);
        assertThat(rare.status()).isEqualTo(ExploreResult.Status.COVERAGE_NOT_MET);
        assertThat(rare.counterexample()).isEmpty();
        assertThat(rare.coverage()).extracting(CoverageCheck::label, CoverageCheck::met)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n=1", false),
                        org.assertj.core.groups.Tuple.tuple("lower half", true));
        assertThat(rare.coverage().get(0).actualPercent()).isEqualTo(rare.statistics().percent("n=1")).isLessThan(5);
        assertThatThrownBy(rare::assertPassed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("'n=1' in >= 5.0% of tries").hasMessageContaining("NOT MET");

        ExploreResult<Integer> met = quiet(gen).tries(300).cover("lower half", 30).check(check);
        assertThat(met.status()).isEqualTo(ExploreResult.Status.PASSED);
    }

    @Test
    void coverageIsNotJudgedOnTooFewTries() {
        ExploreResult<Integer> r = quiet(Gen.integers(1, 100)).tries(20).cover("never", 50).check((n, t) -> { });
        assertThat(r.status()).isEqualTo(ExploreResult.Status.PASSED);
        assertThat(r.coverage().get(0).checked()).isFalse();
        assertThat(r.report()).contains("not checked: fewer than 100 tries");
        ExploreResult<Integer> judged = quiet(Gen.integers(1, 100)).tries(20).coverageMinTries(20)
                .cover("never", 50).check((n, t) -> { });
        assertThat(judged.status()).isEqualTo(ExploreResult.Status.COVERAGE_NOT_MET);
    }

    @Test
    void aFailureReplaysFromItsSeedAndTryAndFromItsChoices() {
        Gen<List<Integer>> gen = Gen.lists(Gen.integers(0, 1000), 0, 20);
        Check<List<Integer>> check = (xs, t) -> assertThat(sum(xs)).isLessThan(2500);
        ExploreResult<List<Integer>> r = quiet(gen).seed(77).edgeCaseTries(0).check(check);
        Counterexample<List<Integer>> c = r.counterexample().orElseThrow();
        assertThat(c.tryIndex()).isPositive();

        Explorer<List<Integer>> replayer = quiet(gen).seed(c.seed()).edgeCaseTries(0);
        assertThat(replayer.generate(c.tryIndex()).value()).isEqualTo(c.originalValue());
        assertThat(replayer.generate(c.tryIndex()).choices()).isEqualTo(c.originalChoices());
        assertThat(replayer.replay(c.choiceArray()).value()).isEqualTo(c.value());

        ExploreResult<List<Integer>> only = quiet(gen).seed(c.seed()).edgeCaseTries(0).onlyTry(c.tryIndex()).check(check);
        Counterexample<List<Integer>> again = only.counterexample().orElseThrow();
        assertThat(only.statistics().tries()).isEqualTo(1);
        assertThat(again.originalValue()).isEqualTo(c.originalValue());
        assertThat(again.value()).isEqualTo(c.value());
        assertThat(again.tryIndex()).isEqualTo(c.tryIndex());
        assertThat(r.report()).contains("-Ddeploysim.seed=77 -Ddeploysim.try=" + c.tryIndex());
    }

    @Test
    void systemPropertiesOverrideTriesSeedAndTry() {
        Gen<Integer> gen = Gen.integers(0, 1_000_000);
        List<Integer> seen = new ArrayList<>();
        Map<String, String> props = Map.of("deploysim.tries", "7", "deploysim.seed", "0x2a");
        ExploreResult<Integer> r = Explorer.forAll(gen).reporter(x -> { }).tries(500).seed(1)
                .systemProperties(props::get).check((n, t) -> seen.add(n));
        assertThat(r.statistics().tries()).isEqualTo(7);
        assertThat(r.seed()).isEqualTo(42);
        assertThat(seen.get(5)).isEqualTo(quiet(gen).seed(42).generate(5).value());

        seen.clear();
        Map<String, String> one = Map.of("deploysim.seed", "42", "deploysim.try", "9");
        ExploreResult<Integer> single = Explorer.forAll(gen).reporter(x -> { }).systemProperties(one::get)
                .check((n, t) -> {
                    assertThat(t.index()).isEqualTo(9);
                    seen.add(n);
                });
        assertThat(single.statistics().tries()).isEqualTo(1);
        assertThat(seen).containsExactly(quiet(gen).seed(42).generate(9).value());

        Map<String, String> bad = Map.of("deploysim.tries", "many");
        assertThatThrownBy(() -> Explorer.forAll(gen).systemProperties(bad::get).check((n, t) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deploysim.tries");
    }

    @Test
    void assertPassedThrowsWithTheShrunkValueStatisticsAndReplayHint() {
        Gen<List<Integer>> gen = Gen.lists(Gen.integers(0, 1000), 0, 20);
        ExploreResult<List<Integer>> r = quiet(gen).name("sum stays small").seed(3).edgeCaseTries(0)
                .check((xs, t) -> {
                    t.label("size=" + xs.size());
                    t.note("sum " + sum(xs));
                    assertThat(sum(xs)).isLessThanOrEqualTo(100);
                });
        assertThatThrownBy(r::assertPassed)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("explore 'sum stays small': FAILED")
                .hasMessageContaining("value:          [101]")
                .hasMessageContaining("failure:        java.lang.AssertionError: Expecting actual: 101 to be less"
                        + " than or equal to: 100")
                .hasMessageContaining("note:           sum 101")
                .hasMessageContaining("choices:        [1, 101, 0]")
                .hasMessageContaining("replay:         -Ddeploysim.seed=3 -Ddeploysim.try=")
                .hasMessageContaining(".replay(1, 101, 0)")
                .hasMessageContaining("statistics (share of")
                .hasCauseInstanceOf(AssertionError.class);
        ExploreResult<Integer> ok = quiet(Gen.integers(0, 9)).check((n, t) -> { });
        assertThat(ok.assertPassed()).isSameAs(ok);
    }

    @Test
    void everyRunReportsOnceToItsReporter() {
        List<String> printed = new ArrayList<>();
        ExploreResult<Integer> r = Explorer.forAll(Gen.integers(0, 9)).systemProperties(k -> null)
                .reporter(printed::add).check((n, t) -> t.label("n=" + n));
        assertThat(printed).containsExactly(r.report());
        assertThat(r.report()).contains("PASSED after 100 tries").contains("n=0");
    }

    @Test
    void theCounterexampleHookGetsTheShrunkValueOnceAndItsLineIsReported() {
        Gen<List<Integer>> gen = Gen.lists(Gen.integers(0, 1000), 0, 20);
        List<List<Integer>> written = new ArrayList<>();
        ExploreResult<List<Integer>> r = quiet(gen).edgeCaseTries(0)
                .onCounterexample(c -> {
                    written.add(c.value());
                    return "scenario written to target/deploysim-failures/sum/scenario.json";
                })
                .check((xs, t) -> assertThat(sum(xs)).isLessThanOrEqualTo(100));
        assertThat(written).containsExactly(List.of(101));
        assertThat(r.report()).contains("artifact:       scenario written to target/deploysim-failures/sum/scenario.json");

        ExploreResult<List<Integer>> broken = quiet(gen).edgeCaseTries(0)
                .onCounterexample(c -> {
                    throw new java.io.IOException("disk full");
                })
                .check((xs, t) -> assertThat(sum(xs)).isLessThanOrEqualTo(100));
        assertThat(broken.status()).isEqualTo(ExploreResult.Status.FAILED);
        assertThat(broken.report()).contains("the counterexample hook failed: java.io.IOException: disk full");

        List<Object> untouched = new ArrayList<>();
        quiet(Gen.integers(0, 9)).onCounterexample(c -> {
            untouched.add(c);
            return null;
        }).check((n, t) -> { });
        assertThat(untouched).isEmpty();
    }

    @Test
    void anExcessivelyRejectingFilterFailsTheRunAndNamesTheFilter() {
        ExploreResult<Integer> r = quiet(Gen.integers(0, 1_000_000).filter("is 77", x -> x == 77))
                .tries(50).check((x, t) -> { });
        assertThat(r.status()).isEqualTo(ExploreResult.Status.TOO_MANY_DISCARDS);
        assertThat(r.statistics().discarded()).isEqualTo(101); // one over the default limit of max(100, tries)
        assertThat(r.statistics().tries()).isZero();
        FilterStats f = r.statistics().filters().get(0);
        assertThat(f.description()).isEqualTo("is 77");
        assertThat(f.exhausted()).isEqualTo(101);
        assertThat(f.accepted()).isZero();
        // Try 0 (all minimum) gives up after one rejection, its redraws would all be 0; try 1
        // (all maximum) likewise; every other try redraws the full number of times.
        assertThat(f.rejected()).isEqualTo(2 + 99L * Gen.FILTER_ATTEMPTS);
        assertThat(quiet(Gen.integers(0, 1_000_000).filter("is 77", x -> x == 77)).cover("x", 1).check((x, t) -> { })
                .coverage()).extracting(CoverageCheck::checked).containsExactly(false);
        assertThatThrownBy(r::assertPassed).hasMessageContaining("rejects too much")
                .hasMessageContaining("filter 'is 77' rejected 100.0% of the values it saw");
    }

    @Test
    void aFilterKeepsOnlyAcceptedValuesAndCountsThem() {
        ExploreResult<Integer> r = quiet(Gen.integers(0, 1000).filter("even", x -> x % 2 == 0))
                .tries(300).check((x, t) -> assertThat(x % 2).isZero());
        assertThat(r.passed()).isTrue();
        FilterStats f = r.statistics().filters().get(0);
        assertThat(f.accepted()).isEqualTo(300); // exactly one accepted value per counted try
        assertThat(f.rejectedPercent()).isBetween(35.0, 65.0);
        assertThat(r.statistics().discarded()).isZero();
    }

    @Test
    void assumptionsAndDiscardVerdictsDiscardTriesEvenWhenTheRejectionIsCaught() {
        AtomicInteger calls = new AtomicInteger();
        ExploreResult<Integer> r = quiet(Gen.integers(0, 99)).tries(100).maxDiscards(10_000).check((n, t) -> {
            calls.incrementAndGet();
            try {
                t.assume(n % 4 == 0);
            } catch (RuntimeException swallowed) {
                // a careless property; the try must still not count
            }
        });
        assertThat(r.statistics().tries()).isEqualTo(100);
        assertThat(r.statistics().discarded()).isEqualTo(calls.get() - 100).isPositive();

        ExploreResult<Integer> v = quiet(Gen.integers(0, 99)).maxDiscards(5)
                .run((n, t) -> n > 1 ? Verdict.discard("not interesting") : Verdict.pass());
        assertThat(v.status()).isEqualTo(ExploreResult.Status.TOO_MANY_DISCARDS);
        assertThat(v.problem()).contains("6x not interesting");
    }

    @Test
    void valuesDrawnInsideThePropertyShrinkAndAreNoted() {
        ExploreResult<Integer> r = quiet(Gen.integers(0, 100)).seed(5).edgeCaseTries(0).check((n, t) -> {
            t.note("n " + n);
            int m = t.draw(Gen.integers(0, 100));
            assertThat(n + m).isLessThan(150);
        });
        Counterexample<Integer> c = r.counterexample().orElseThrow();
        assertThat(c.value()).isEqualTo(50);
        assertThat(c.notes()).containsExactly("n 50", "draw 1: 100");
    }

    @Test
    void anInjectedClockStopsTheRunAndItIsReported() {
        AtomicLong fakeNanos = new AtomicLong();
        ExploreResult<Integer> r = quiet(Gen.integers(0, 9)).tries(1_000_000)
                .timeBudget(() -> fakeNanos.addAndGet(1_000_000), Duration.ofMillis(50))
                .check((n, t) -> { });
        assertThat(r.stoppedByTimeBudget()).isTrue();
        assertThat(r.status()).isEqualTo(ExploreResult.Status.PASSED);
        assertThat(r.statistics().tries()).isEqualTo(49); // one clock read at the start, one before each try
        assertThat(r.report()).contains("stopped by the time budget");
    }

    @Test
    void aStopRequestEndsTheTriesAndTheReportShowsThoseSoFar() {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        ExploreResult<Integer> r = quiet(Gen.integers(0, 9)).tries(1_000_000)
                .stopWhen(() -> ran.get() >= 7)
                .check((n, t) -> ran.incrementAndGet());
        assertThat(r.statistics().tries()).isEqualTo(7);
        assertThat(r.report()).startsWith("explore ").contains("after 7 tries").contains(", interrupted");
    }

    @Test
    void aRunawayGeneratorIsDiscardedAtTheChoiceLimit() {
        Gen<Integer> runaway = c -> {
            int n = 0;
            while (c.chance(0.999)) {
                n++;
            }
            return n;
        };
        ExploreResult<Integer> r = quiet(runaway).edgeCaseTries(2).maxChoices(100).tries(5).maxDiscards(0)
                .check((n, t) -> { });
        // Try 0 stops at once (all minimum); try 1 (all maximum) never stops and hits the limit.
        assertThat(r.status()).isEqualTo(ExploreResult.Status.TOO_MANY_DISCARDS);
        assertThat(r.problem()).contains("a try drew more than 100 choices");
    }
}
