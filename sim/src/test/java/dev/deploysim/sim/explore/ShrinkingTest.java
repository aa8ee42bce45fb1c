package dev.deploysim.sim.explore;

import static dev.deploysim.sim.explore.Oracles.quiet;
import static dev.deploysim.sim.explore.Oracles.smallestFailing;
import static dev.deploysim.sim.explore.Oracles.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShrinkingTest {

    record Sized(int n, List<Integer> items) {
    }

    private static final Gen<List<Integer>> SMALL_LISTS = Gen.lists(Gen.integers(0, 20), 0, 10);

    @Test
    void sumAbove100ShrinksToTheSingleElementList101FromEverySeed() {
        // Hand-checked minimum: a failing list is non-empty; the shortest encoding is one element,
        // choices [1, x, 0], and the smallest x with x > 100 is 101.
        Gen<List<Integer>> gen = Gen.lists(Gen.integers(0, 1000), 0, 20);
        for (long seed = 1; seed <= 5; seed++) {
            ExploreResult<List<Integer>> r = quiet(gen).seed(seed).edgeCaseTries(0)
                    .check((xs, t) -> assertThat(sum(xs)).isLessThanOrEqualTo(100));
            Counterexample<List<Integer>> c = r.counterexample().orElseThrow();
            assertThat(c.originalValue()).as("seed %d original", seed).isNotEqualTo(List.of(101));
            assertThat(c.value()).as("seed %d", seed).containsExactly(101);
            assertThat(c.choices()).containsExactly(1L, 101L, 0L);
            assertThat(c.shrinkComplete()).isTrue();
        }
    }

    record App(int machines, List<Integer> faultAtSeconds) {
    }

    @Test
    void aDeployTooSlowForFiveMinutesShrinksToFewerFaultsBeforeFewerMachines() {
        // The example of docs/verification.md. A deploy takes 10 s per machine and 30 s per fault.
        // Hand-checked minimum: with at most 20 machines, 3 faults give at most 290 s, so 4 are
        // needed, 10 m + 120 > 300 needs m >= 19 (choice 18), and the faults' times shrink to 0:
        // choices [18, 1, 0, 1, 0, 1, 0, 1, 0, 0]. Five faults at 16 machines also fail, but
        // their sequence is longer: shortlex prefers fewer items to smaller numbers.
        Gen<App> apps = Gen.combine(Gen.integers(1, 20), Gen.lists(Gen.integers(0, 600), 0, 5), App::new);
        Counterexample<App> c = quiet(apps).tries(200).check((app, t) ->
                assertThat(10 * app.machines() + 30 * app.faultAtSeconds().size()).isLessThanOrEqualTo(300))
                .counterexample().orElseThrow();
        assertThat(c.originalValue()).isEqualTo(new App(20, List.of(600, 600, 600, 600, 600))); // try 1: all maximum
        assertThat(c.value()).isEqualTo(new App(19, List.of(0, 0, 0, 0)));
        assertThat(c.choices()).containsExactly(18L, 1L, 0L, 1L, 0L, 1L, 0L, 1L, 0L, 0L);
        assertThat(c.shrinkExecutions()).isLessThanOrEqualTo(300);
        System.out.println("deploy example: " + c.shrinkSteps() + " steps, " + c.shrinkExecutions() + " executions");
    }

    @Test
    void sumAbove100WithElementsAtMost100ShrinksToOneAndHundredByMovingAmountForward() {
        // Hand-checked minimum: one element is at most 100, so two are needed, choices
        // [1, a, 1, b, 0] with a + b > 100; the lexicographically smallest is a = 1, b = 100.
        // Reaching it needs the redistribution pass: lowering a alone stops at a + b = 101.
        Gen<List<Integer>> gen = Gen.lists(Gen.integers(0, 100), 0, 20);
        ExploreResult<List<Integer>> r = quiet(gen).seed(7).edgeCaseTries(0)
                .check((xs, t) -> assertThat(sum(xs)).isLessThanOrEqualTo(100));
        assertThat(r.counterexample().orElseThrow().value()).containsExactly(1, 100);
    }

    @Test
    void noLargeElementAndShortListShrinksToTheBruteForceMinimum() {
        // Property: no element >= 10 and fewer than 3 elements.
        java.util.function.Predicate<List<Integer>> holds = xs -> xs.size() < 3 && xs.stream().allMatch(x -> x < 10);
        long[] oracle = smallestFailing(SMALL_LISTS, holds.negate(), 4, 20);
        assertThat(oracle).containsExactly(1, 10, 0); // i.e. [10]: shorter than any 3-element list
        for (long seed = 1; seed <= 3; seed++) {
            ExploreResult<List<Integer>> r = quiet(SMALL_LISTS).seed(seed)
                    .run((xs, t) -> Verdict.require(holds.test(xs), "too long or too large: " + xs));
            Counterexample<List<Integer>> c = r.counterexample().orElseThrow();
            assertThat(Oracles.toArray(c.choices())).as("seed %d", seed).containsExactly(oracle);
            assertThat(c.value()).containsExactly(10);
        }
    }

    @Test
    void countThenThatManyItemsShrinksBothTheCountAndTheItems() {
        Gen<Sized> gen = Gen.integers(0, 10)
                .flatMap(n -> Gen.lists(Gen.integers(0, 20), n, n).map(items -> new Sized(n, items)));
        // Fails when there are at least 3 items and one of them is >= 5.
        java.util.function.Predicate<Sized> fails = s -> s.n() >= 3 && s.items().stream().anyMatch(x -> x >= 5);
        long[] oracle = smallestFailing(gen, fails, 4, 20);
        assertThat(oracle).containsExactly(3, 0, 0, 5);
        ExploreResult<Sized> r = quiet(gen).seed(3).edgeCaseTries(0)
                .run((s, t) -> Verdict.require(!fails.test(s), "found " + s));
        Counterexample<Sized> c = r.counterexample().orElseThrow();
        assertThat(c.originalValue().n()).isGreaterThan(3);
        assertThat(Oracles.toArray(c.choices())).containsExactly(oracle);
        assertThat(c.value()).isEqualTo(new Sized(3, List.of(0, 0, 5)));
    }

    @Test
    void aListOfWideElementsShrinksToTheOneBadElement() {
        // Each "machine" is 12 choices, wider than any fixed block the shrinker deletes, and the
        // list has at least one: only deleting whole drawn sub-values (with the next element's
        // "one more" choice when the first, mandatory element goes) gets down to one machine.
        Gen<List<Integer>> machine = Gen.lists(Gen.integers(0, 9), 12, 12);
        Gen<List<List<Integer>>> gen = Gen.lists(machine, 1, 8);
        List<Integer> bad = List.of(9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
        for (long seed = 1; seed <= 6; seed++) {
            Counterexample<List<List<Integer>>> c = quiet(gen).seed(seed).edgeCaseTries(0)
                    .run((ms, t) -> Verdict.require(ms.stream().noneMatch(m -> m.get(0) == 9 && m.get(11) == 9),
                            "a machine starts and ends with 9"))
                    .counterexample().orElseThrow();
            assertThat(c.originalValue().size()).as("seed %d", seed).isGreaterThan(1);
            assertThat(c.value()).as("seed %d", seed).containsExactly(bad);
            assertThat(c.shrinkExecutions()).as("seed %d", seed).isLessThanOrEqualTo(200);
            System.out.println("wide elements, seed " + seed + ": " + c.shrinkExecutions() + " executions");
        }
    }

    @Test
    void theSameFailingSeedShrinksToTheSameResultTwice() {
        Gen<List<List<Integer>>> gen = Gen.lists(Gen.lists(Gen.integers(0, 50), 0, 6), 0, 6);
        Check<List<List<Integer>>> check = (xss, t) -> {
            int total = xss.stream().mapToInt(Oracles::sum).sum();
            assertThat(total % 37 == 11 && xss.size() > 1).isFalse();
        };
        ExploreResult<List<List<Integer>>> first = quiet(gen).seed(99).edgeCaseTries(0).tries(2000).check(check);
        ExploreResult<List<List<Integer>>> second = quiet(gen).seed(99).edgeCaseTries(0).tries(2000).check(check);
        Counterexample<List<List<Integer>>> a = first.counterexample().orElseThrow();
        Counterexample<List<List<Integer>>> b = second.counterexample().orElseThrow();
        assertThat(b.choices()).isEqualTo(a.choices());
        assertThat(b.value()).isEqualTo(a.value());
        assertThat(b.tryIndex()).isEqualTo(a.tryIndex());
        assertThat(b.shrinkSteps()).isEqualTo(a.shrinkSteps());
        assertThat(b.shrinkExecutions()).isEqualTo(a.shrinkExecutions());
        assertThat(second.report()).isEqualTo(first.report());
        // And it did shrink: the shrunk case is shortlex-smaller than the original.
        assertThat(Execution.shortlex(a.choiceArray(), Oracles.toArray(a.originalChoices()))).isNegative();
    }

    @Test
    void anUnexpectedExceptionInThePropertyIsAFailureAndShrinks() {
        ExploreResult<List<Integer>> r = quiet(SMALL_LISTS).seed(5).check((xs, t) -> {
            if (xs.size() >= 2) {
                List<Integer> copy = new ArrayList<>(xs);
                copy.get(xs.size()); // off by one: throws for every list of 2 or more
            }
        });
        Counterexample<List<Integer>> c = r.counterexample().orElseThrow();
        assertThat(c.failure().kind()).startsWith("java.lang.IndexOutOfBoundsException at "
                + ShrinkingTest.class.getName());
        assertThat(c.failure().cause()).containsInstanceOf(IndexOutOfBoundsException.class);
        assertThat(c.value()).containsExactly(0, 0);
    }

    @Test
    void anExceptionInsideAGeneratorIsAFailureAndShrinksItsChoices() {
        Gen<Integer> gen = Gen.integers(0, 1000).map(x -> {
            if (x > 600) {
                throw new IllegalStateException("cannot build " + x);
            }
            return x;
        });
        ExploreResult<Integer> r = quiet(gen).seed(2).edgeCaseTries(0).check((x, t) -> { });
        Counterexample<Integer> c = r.counterexample().orElseThrow();
        assertThat(c.value()).isNull(); // the generator never finished
        assertThat(c.choices()).containsExactly(601L);
        assertThat(c.failure().message()).isEqualTo("java.lang.IllegalStateException: cannot build 601");
    }

    @Test
    void shrinkingStaysOnTheOriginalFailureKindUnlessAllowedToSlip() {
        Gen<List<Integer>> gen = Gen.lists(Gen.integers(0, 1000), 0, 8);
        Property<List<Integer>> twoBugs = (xs, t) -> xs.size() >= 5 ? Verdict.fail("long", "size " + xs.size())
                : sum(xs) > 100 ? Verdict.fail("big", "sum " + sum(xs)) : Verdict.pass();
        // Try 1 takes every choice at its maximum: 8 elements of 1000, a "long" failure first.
        Counterexample<List<Integer>> kept = quiet(gen).run(twoBugs).counterexample().orElseThrow();
        assertThat(kept.tryIndex()).isEqualTo(1);
        assertThat(kept.failure().kind()).isEqualTo("long");
        assertThat(kept.value()).containsExactly(0, 0, 0, 0, 0);
        Counterexample<List<Integer>> slipped = quiet(gen).keepFailureKind(false).run(twoBugs)
                .counterexample().orElseThrow();
        assertThat(slipped.failure().kind()).isEqualTo("big");
        assertThat(slipped.value()).containsExactly(101);
        assertThat(slipped.originalFailure().kind()).isEqualTo("long");
    }

    @Test
    void aPropertyThatFailsOnlyOnceIsReportedFlakyAndNotShrunk() {
        AtomicInteger executions = new AtomicInteger();
        ExploreResult<Integer> r = quiet(Gen.integers(0, 100)).seed(4).edgeCaseTries(0)
                .run((x, t) -> executions.incrementAndGet() == 10 ? Verdict.fail("once") : Verdict.pass());
        Counterexample<Integer> c = r.counterexample().orElseThrow();
        assertThat(c.flaky()).isTrue();
        assertThat(c.tryIndex()).isEqualTo(9);
        assertThat(c.value()).isEqualTo(c.originalValue());
        assertThat(c.shrinkSteps()).isZero();
        assertThat(r.report()).contains("NOT shrunk");
    }

    @Test
    void shrinkBudgetsCutShrinkingShortAndSaySo() {
        Gen<List<Integer>> gen = Gen.lists(Gen.integers(0, 1000), 0, 20);
        Check<List<Integer>> check = (xs, t) -> assertThat(sum(xs)).isLessThanOrEqualTo(100);
        Counterexample<List<Integer>> byExecutions = quiet(gen).maxShrinkExecutions(3).check(check)
                .counterexample().orElseThrow();
        assertThat(byExecutions.shrinkExecutions()).isEqualTo(1 + 3); // the replay check, then the budget
        assertThat(byExecutions.shrinkComplete()).isFalse();
        Counterexample<List<Integer>> bySteps = quiet(gen).maxShrinkSteps(1).check(check)
                .counterexample().orElseThrow();
        assertThat(bySteps.shrinkSteps()).isEqualTo(1);
        assertThat(bySteps.shrinkComplete()).isFalse();
        assertThat(bySteps.value()).isNotEqualTo(List.of(101));
        Counterexample<List<Integer>> unlimited = quiet(gen).check(check).counterexample().orElseThrow();
        assertThat(unlimited.shrinkComplete()).isTrue();
        assertThat(unlimited.value()).containsExactly(101);
        assertThat(unlimited.originalValue()).hasSize(20); // try 1: twenty times 1000
        assertThat(unlimited.shrinkExecutions()).isLessThanOrEqualTo(100);
        System.out.println("sum example: " + unlimited.shrinkSteps() + " steps, " + unlimited.shrinkExecutions() + " executions");
    }

    @Test
    void shrinkingFollowsAGeneratorsPreferredValue() {
        // A timing as a quantile shrinking to the median 0.5 and a count towards 10: a failure
        // that needs "any quantile" and "count above 12" shrinks to the median and to 13.
        Gen<double[]> gen = Gen.combine(Gen.doubles(0, 1, 0.5), Gen.integers(0, 20, 10),
                (q, n) -> new double[] {q, n});
        Counterexample<double[]> c = quiet(gen).seed(8)
                .run((v, t) -> Verdict.require(v[1] <= 12, "count " + v[1])).counterexample().orElseThrow();
        assertThat(c.value()[0]).isEqualTo(0.5);
        assertThat(c.value()[1]).isEqualTo(13);
    }
}
