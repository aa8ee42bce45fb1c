package dev.deploysim.sim.explore;

import static dev.deploysim.sim.explore.Oracles.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GenTest {

    enum Kind { NONE, CRASH, SLOW }

    record Six(int a, int b, int c, int d, int e, int f) {
    }

    @Test
    void zigzagVisitsEveryValueOfTheRangeOnceInOrderOfDistanceFromTheTarget() {
        for (int lo = -3; lo <= 0; lo++) {
            for (int hi = lo; hi <= 4; hi++) {
                for (int target = lo; target <= hi; target++) {
                    List<Long> order = new ArrayList<>();
                    for (long k = 0; k <= hi - lo; k++) {
                        order.add(Ranges.zigzag(lo, hi, target, k));
                    }
                    assertThat(new TreeSet<>(order)).hasSize(hi - lo + 1).first().isEqualTo((long) lo);
                    for (int k = 1; k < order.size(); k++) {
                        long t = target;
                        assertThat(Math.abs(order.get(k) - t)).isGreaterThanOrEqualTo(Math.abs(order.get(k - 1) - t));
                    }
                }
            }
        }
        assertThat(Ranges.zigzag(Long.MIN_VALUE, -1, -1, Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(Ranges.zigzag(0, Long.MAX_VALUE, 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void everyGeneratedValueReplaysFromItsChoices() {
        // The property the whole engine rests on, checked with the engine over many generators.
        List<Gen<?>> gens = List.of(
                Gen.integers(-5, 5, 2), Gen.longs(-1, Long.MAX_VALUE - 1), Gen.doubles(-1, 3, 0.5),
                Gen.lists(Gen.booleans(), 2, 9), Gen.optional(Gen.enums(Kind.class)),
                Gen.subsets(List.of("a", "b", "c")),
                Gen.frequency(Gen.weighted(5, Gen.constant("none")), Gen.weighted(1, Gen.integers(0, 9))),
                Gen.oneOf(Gen.constant(0), Gen.integers(10, 20)),
                Gen.integers(0, 5).flatMap(n -> Gen.lists(Gen.integers(0, n), n, n)),
                Gen.sequence(List.of(Gen.integers(0, 3), Gen.integers(5, 8))),
                Gen.integers(0, 100).filter("odd", x -> x % 2 == 1));
        for (Gen<?> gen : gens) {
            replaysExactly(gen);
        }
    }

    private static <T> void replaysExactly(Gen<T> gen) {
        Explorer<T> explorer = quiet(gen).seed(11);
        int replayed = 0;
        for (int i = 0; i < 60; i++) {
            Sample<T> s;
            try {
                s = explorer.generate(i);
            } catch (IllegalStateException discarded) {
                continue; // a filter rejected this try: no value to replay
            }
            replayed++;
            Sample<T> again = explorer.replay(Oracles.toArray(s.choices()));
            assertThat(again).as("try %d", i).isEqualTo(s);
        }
        assertThat(replayed).isGreaterThan(50);
    }

    @Test
    void allMinimumChoicesGiveEachGeneratorsSimplestValue() {
        assertThat(simplest(Gen.integers(3, 9))).isEqualTo(3);
        assertThat(simplest(Gen.integers(3, 9, 6))).isEqualTo(6);
        assertThat(simplest(Gen.doubles(1.5, 9))).isEqualTo(1.5);
        assertThat(simplest(Gen.doubles(0, 1, 0.5))).isEqualTo(0.5);
        assertThat(simplest(Gen.booleans())).isFalse();
        assertThat(simplest(Gen.elements("first", "second"))).isEqualTo("first");
        assertThat(simplest(Gen.enums(Kind.class))).isEqualTo(Kind.NONE);
        assertThat(simplest(Gen.oneOf(Gen.constant("a"), Gen.constant("b")))).isEqualTo("a");
        assertThat(simplest(Gen.frequency(Gen.weighted(1, Gen.constant("default")), Gen.weighted(99, Gen.constant("x")))))
                .isEqualTo("default");
        assertThat(simplest(Gen.lists(Gen.integers(4, 5), 2, 7))).containsExactly(4, 4);
        assertThat(simplest(Gen.optional(Gen.integers(0, 9)))).isEqualTo(Optional.empty());
        assertThat(simplest(Gen.subsets(List.of(1, 2, 3)))).isEmpty();
    }

    private static <T> T simplest(Gen<T> gen) {
        return quiet(gen).replay().value();
    }

    @Test
    void allMaximumChoicesGiveTheUpperBounds() {
        Explorer<List<Double>> doubles = quiet(Gen.lists(Gen.doubles(-2, 7, 1), 0, 4));
        assertThat(doubles.generate(1).value()).containsExactly(7.0, 7.0, 7.0, 7.0);
        assertThat(quiet(Gen.integers(-8, 8, 5)).generate(1).value()).isEqualTo(-8); // the far end from 5
        assertThat(quiet(Gen.subsets(List.of(1, 2, 3))).generate(1).value()).containsExactly(1, 2, 3);
    }

    @Test
    void randomValuesStayInRangeAndCoverIt() {
        Explorer<List<Integer>> lists = quiet(Gen.lists(Gen.integers(-3, 3), 1, 6)).seed(5);
        TreeSet<Integer> sizes = new TreeSet<>();
        TreeSet<Integer> values = new TreeSet<>();
        for (int i = 0; i < 500; i++) {
            List<Integer> xs = lists.generate(i).value();
            sizes.add(xs.size());
            values.addAll(xs);
        }
        assertThat(sizes).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(values).containsExactly(-3, -2, -1, 0, 1, 2, 3);
        Explorer<Double> doubles = quiet(Gen.doubles(0.25, 0.75, 0.5)).seed(5);
        double below = 0;
        for (int i = 8; i < 2008; i++) {
            double d = doubles.generate(i).value();
            assertThat(d).isBetween(0.25, 0.75);
            below += d < 0.5 ? 1 : 0;
        }
        assertThat(below / 2000).isBetween(0.45, 0.55); // uniform: half the mass on each side
    }

    @Test
    void frequencyDrawsInProportionToTheWeights() {
        Explorer<String> explorer = quiet(Gen.frequency(Gen.weighted(6, Gen.constant("none")),
                Gen.weighted(3, Gen.constant("crash")), Gen.weighted(1, Gen.constant("slow")))).seed(9);
        int none = 0;
        int crash = 0;
        int n = 10_000;
        for (int i = 8; i < 8 + n; i++) {
            String s = explorer.generate(i).value();
            none += s.equals("none") ? 1 : 0;
            crash += s.equals("crash") ? 1 : 0;
        }
        assertThat(none / (double) n).isBetween(0.58, 0.62);
        assertThat(crash / (double) n).isBetween(0.28, 0.32);
    }

    @Test
    void combineDrawsItsArgumentsInOrder() {
        Gen<Integer> one = Gen.integers(0, 9);
        Gen<Six> six = Gen.combine(one, one, one, one, one, one, Six::new);
        assertThat(quiet(six).replay(1, 2, 3, 4, 5, 6).value()).isEqualTo(new Six(1, 2, 3, 4, 5, 6));
        assertThat(quiet(Gen.combine(one, one, one, (a, b, c) -> List.of(a, b, c))).replay(7, 8, 9).value())
                .containsExactly(7, 8, 9);
        assertThat(quiet(Gen.combine(one, one, one, one, (a, b, c, d) -> a + b + c + d)).replay(1, 1, 1, 1).value())
                .isEqualTo(4);
        assertThat(quiet(Gen.combine(one, one, one, one, one, (a, b, c, d, e) -> e)).replay(0, 0, 0, 0, 3).value())
                .isEqualTo(3);
    }

    @Test
    void replayingChoicesPastTheirBoundsClampsAndPastTheirEndTakesTheSimplest() {
        Explorer<List<Integer>> explorer = quiet(Gen.lists(Gen.integers(0, 9), 0, 5));
        Sample<List<Integer>> s = explorer.replay(1, 500, 1); // element clamped to 9; list ended by a 0
        assertThat(s.value()).containsExactly(9, 0);
        assertThat(s.choices()).containsExactly(1L, 9L, 1L, 0L, 0L);
    }

    @Test
    void badArgumentsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Gen.integers(5, 4)).hasMessageContaining("need lo <= towards <= hi");
        assertThatThrownBy(() -> Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE)).hasMessageContaining("wider than");
        assertThatThrownBy(() -> Gen.doubles(0, Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        assertThatThrownBy(() -> Gen.lists(Gen.booleans(), 3, 2)).hasMessageContaining("0 <= min <= max");
        assertThatThrownBy(() -> Gen.weighted(0, Gen.booleans())).hasMessageContaining("weight must be > 0");
        assertThatThrownBy(() -> Gen.elements(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> quiet(Gen.integers(0, 1).filter(x -> x > 5)).replay())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unnamed filter");
    }
}
