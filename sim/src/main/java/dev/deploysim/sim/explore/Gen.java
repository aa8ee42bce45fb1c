package dev.deploysim.sim.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator: a function from a {@link Choices} source to a value. Because every value is a
 * function of the choices it consumed, a generator needs no shrinker of its own: the explorer
 * shrinks the choice sequence and regenerates.
 *
 * <p>Convention: choice 0 is the simplest, so every generator here puts its natural default at
 * the lower end — the lower bound of a range, {@code false}, the first element or option, the
 * shortest list, an empty optional or subset. Write domain generators the same way (fewest
 * machines, no faults, median timing via {@link #doubles(double, double, double)}, default
 * option listed first) and failures shrink towards the simplest scenario.
 *
 * <p>Structural generators ({@link #lists}, {@link #combine}, {@link #oneOf}, ...) are static;
 * transformations of one generator ({@link #map}, {@link #flatMap}, {@link #filter}) are instance
 * methods. A lambda {@code c -> new Pair(c.draw(a), c.draw(b))} is a generator too.
 */
@FunctionalInterface
public interface Gen<T> {

    /** How many values {@link #filter} draws before it gives up on a try and discards it. */
    int FILTER_ATTEMPTS = 25;

    /** The resolution of {@link #doubles}: a double is one of 2^53 + 1 evenly spaced values. */
    long DOUBLE_STEPS = 1L << 53;

    /** Generates one value from {@code choices}; call it through {@link Choices#draw}. */
    T generate(Choices choices);

    /** Applies {@code f} to each generated value; shrinks as this generator does. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        Gen<T> self = this;
        return c -> f.apply(c.draw(self));
    }

    /**
     * Generates a value, then generates from the generator {@code f} makes of it: the second
     * draw depends on the first (e.g. a count, then that many items). Both shrink.
     */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        Objects.requireNonNull(f, "f");
        Gen<T> self = this;
        return c -> c.draw(f.apply(c.draw(self)));
    }

    /** {@link #filter(String, Predicate)} under the description "unnamed filter". */
    default Gen<T> filter(Predicate<? super T> accept) {
        return filter("unnamed filter", accept);
    }

    /**
     * Keeps only values {@code accept} accepts, redrawing up to {@link #FILTER_ATTEMPTS} times
     * (once only where a redraw would repeat itself: all-maximum tries, replays past their
     * recorded choices); when every attempt is rejected the try is discarded (not failed). The run counts
     * acceptances and rejections per description, and fails with them when too many tries are
     * discarded: prefer generating valid values directly over filtering most of them away.
     */
    default Gen<T> filter(String description, Predicate<? super T> accept) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(accept, "accept");
        Gen<T> self = this;
        return c -> {
            for (int attempt = 0; attempt < FILTER_ATTEMPTS; attempt++) {
                int start = c.size();
                T value = c.draw(self);
                boolean ok = accept.test(value);
                c.countFilter(description, ok);
                if (ok) {
                    return value;
                }
                if (c.repeatsFrom(start)) {
                    break; // the next attempt would draw exactly the same value
                }
            }
            c.countFilterExhausted(description);
            throw c.reject("filter '" + description + "' rejected every value it was offered");
        };
    }

    /** Always {@code value}; draws nothing. */
    static <T> Gen<T> constant(T value) {
        return c -> value;
    }

    /** An int in {@code [lo, hi]}, uniform; shrinks towards {@code lo}. */
    static Gen<Integer> integers(int lo, int hi) {
        return integers(lo, hi, lo);
    }

    /**
     * An int in {@code [lo, hi]}, uniform; shrinks towards {@code towards}, then to values
     * closer to it (below before above at equal distance).
     */
    static Gen<Integer> integers(int lo, int hi, int towards) {
        Gen<Long> longs = longs(lo, hi, towards);
        return c -> c.draw(longs).intValue();
    }

    /** A long in {@code [lo, hi]}, uniform; shrinks towards {@code lo}. */
    static Gen<Long> longs(long lo, long hi) {
        return longs(lo, hi, lo);
    }

    /** A long in {@code [lo, hi]}, uniform; shrinks towards {@code towards}. */
    static Gen<Long> longs(long lo, long hi, long towards) {
        if (hi < lo || towards < lo || towards > hi) {
            throw new IllegalArgumentException("need lo <= towards <= hi, was " + lo + ", " + towards + ", " + hi);
        }
        long width;
        try {
            width = Math.subtractExact(hi, lo);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("range [" + lo + ", " + hi + "] is wider than Long.MAX_VALUE", e);
        }
        return c -> Ranges.zigzag(lo, hi, towards, c.choose(0, width));
    }

    /** True or false, evenly; shrinks to false. */
    static Gen<Boolean> booleans() {
        return c -> c.chance(0.5);
    }

    /**
     * A double in {@code [lo, hi]}, uniform on {@link #DOUBLE_STEPS} steps (both bounds
     * included); shrinks towards {@code lo}.
     */
    static Gen<Double> doubles(double lo, double hi) {
        return doubles(lo, hi, lo);
    }

    /**
     * A double in {@code [lo, hi]} that shrinks towards {@code towards}: e.g. a quantile in
     * [0, 1] shrinking to the median 0.5, mapped through a distribution's inverse CDF, makes
     * timings shrink to their median. Drawn as a side (below or above {@code towards}, weighted
     * by the sides' lengths so the whole is uniform), then a distance.
     */
    static Gen<Double> doubles(double lo, double hi, double towards) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !Double.isFinite(hi - lo) || hi < lo) {
            throw new IllegalArgumentException("need finite lo <= hi, was [" + lo + ", " + hi + "]");
        }
        if (!(towards >= lo && towards <= hi)) {
            throw new IllegalArgumentException("towards must be in [" + lo + ", " + hi + "], was " + towards);
        }
        double below = towards - lo;
        double above = hi - towards;
        double pAbove = below + above == 0 ? 0 : above / (below + above);
        return c -> {
            boolean up = c.chance(pAbove);
            double fraction = (double) c.choose(0, DOUBLE_STEPS) / DOUBLE_STEPS;
            return up ? Math.min(hi, towards + above * fraction) : Math.max(lo, towards - below * fraction);
        };
    }

    /** One of {@code values}, uniformly; shrinks towards the first. */
    static <T> Gen<T> elements(List<? extends T> values) {
        List<T> copy = Collections.unmodifiableList(new ArrayList<>(values));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("elements needs at least one value");
        }
        return c -> copy.get(c.chooseInt(0, copy.size() - 1));
    }

    /** One of {@code values}, uniformly; shrinks towards the first. */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        List<T> list = new ArrayList<>(values.length);
        for (T v : values) { // element by element: handing the array on is what javac warns about
            list.add(v);
        }
        return elements(list);
    }

    /** One constant of {@code type}, uniformly; shrinks towards the first declared. */
    static <E extends Enum<E>> Gen<E> enums(Class<E> type) {
        return elements(type.getEnumConstants());
    }

    /** A value from one of {@code gens}, each chosen equally often; shrinks towards the first. */
    static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
        List<Gen<? extends T>> copy = List.copyOf(gens);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("oneOf needs at least one generator");
        }
        return c -> c.draw(copy.get(c.chooseInt(0, copy.size() - 1)));
    }

    /** A value from one of {@code gens}, each chosen equally often; shrinks towards the first. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> list = new ArrayList<>(gens.length);
        for (Gen<? extends T> v : gens) { // element by element: handing the array on is what javac warns about
            list.add(v);
        }
        return oneOf(list);
    }

    /** A generator with a weight, for {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight must be > 0, was " + weight);
            }
            Objects.requireNonNull(gen, "gen");
        }
    }

    /** {@code gen} with {@code weight}, for {@link #frequency}. */
    static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /**
     * A value from one of the weighted generators, chosen with probability proportional to its
     * weight; shrinks towards the first, so list the default (e.g. "no fault") first.
     */
    static <T> Gen<T> frequency(List<Weighted<T>> options) {
        List<Weighted<T>> copy = List.copyOf(options);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("frequency needs at least one option");
        }
        int[] weights = copy.stream().mapToInt(Weighted::weight).toArray();
        return c -> c.draw(copy.get(c.pick(weights)).gen());
    }

    /** {@link #frequency(List)} over varargs. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<T>... options) {
        List<Weighted<T>> list = new ArrayList<>(options.length);
        for (Weighted<T> v : options) { // element by element: handing the array on is what javac warns about
            list.add(v);
        }
        return frequency(list);
    }

    /**
     * A list of {@code min..max} elements (immutable). After the first {@code min}, each further
     * element is preceded by a "one more" choice, so the shrinker shortens a list by deleting an
     * element's choices or by zeroing its "one more"; sizes average {@code min} plus
     * min((max - min) / 2, 10).
     */
    static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
        Objects.requireNonNull(element, "element");
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("need 0 <= min <= max, was " + min + ", " + max);
        }
        double extra = Math.min((max - min) / 2.0, 10.0);
        double pMore = extra / (extra + 1);
        Gen<Optional<T>> another = c -> c.chance(pMore) ? Optional.of(c.draw(element)) : Optional.empty();
        return c -> {
            List<T> out = new ArrayList<>();
            for (int i = 0; i < min; i++) {
                out.add(c.draw(element));
            }
            while (out.size() < max) {
                Optional<T> next = c.draw(another);
                if (next.isEmpty()) {
                    break;
                }
                out.add(next.get());
            }
            return Collections.unmodifiableList(out);
        };
    }

    /** Empty or a value of {@code gen}, evenly; shrinks to empty (the default). */
    static <T> Gen<Optional<T>> optional(Gen<T> gen) {
        Objects.requireNonNull(gen, "gen");
        return c -> c.chance(0.5) ? Optional.of(c.draw(gen)) : Optional.empty();
    }

    /**
     * A sub-list of {@code values} in their order, each kept with probability 1/2; shrinks to
     * the empty list (e.g. which fault kinds a try turns on).
     */
    static <T> Gen<List<T>> subsets(List<? extends T> values) {
        List<T> copy = Collections.unmodifiableList(new ArrayList<>(values));
        return c -> {
            List<T> out = new ArrayList<>();
            for (T v : copy) {
                if (c.chance(0.5)) {
                    out.add(v);
                }
            }
            return Collections.unmodifiableList(out);
        };
    }

    /** One value from each generator, in order (immutable). */
    static <T> Gen<List<T>> sequence(List<? extends Gen<? extends T>> gens) {
        List<Gen<? extends T>> copy = List.copyOf(gens);
        return c -> {
            List<T> out = new ArrayList<>(copy.size());
            for (Gen<? extends T> g : copy) {
                out.add(c.draw(g));
            }
            return Collections.unmodifiableList(out);
        };
    }

    /** Combines two generated values, e.g. into a record: {@code combine(a, b, Pair::new)}. */
    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return c -> {
            A va = c.draw(a);
            B vb = c.draw(b);
            return f.apply(va, vb);
        };
    }

    /** Combines three generated values. */
    static <A, B, C, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> cc, Fn3<? super A, ? super B, ? super C, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return c -> {
            A va = c.draw(a);
            B vb = c.draw(b);
            C vc = c.draw(cc);
            return f.apply(va, vb, vc);
        };
    }

    /** Combines four generated values. */
    static <A, B, C, D, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> cc, Gen<D> d,
                                          Fn4<? super A, ? super B, ? super C, ? super D, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return c -> {
            A va = c.draw(a);
            B vb = c.draw(b);
            C vc = c.draw(cc);
            D vd = c.draw(d);
            return f.apply(va, vb, vc, vd);
        };
    }

    /** Combines five generated values. */
    static <A, B, C, D, E, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> cc, Gen<D> d, Gen<E> e,
                                             Fn5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return c -> {
            A va = c.draw(a);
            B vb = c.draw(b);
            C vc = c.draw(cc);
            D vd = c.draw(d);
            E ve = c.draw(e);
            return f.apply(va, vb, vc, vd, ve);
        };
    }

    /** Combines six generated values. */
    static <A, B, C, D, E, F, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> cc, Gen<D> d, Gen<E> e, Gen<F> g,
                                                Fn6<? super A, ? super B, ? super C, ? super D, ? super E, ? super F, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return c -> {
            A va = c.draw(a);
            B vb = c.draw(b);
            C vc = c.draw(cc);
            D vd = c.draw(d);
            E ve = c.draw(e);
            F vf = c.draw(g);
            return f.apply(va, vb, vc, vd, ve, vf);
        };
    }

    /** A function of three arguments, for {@link #combine}. */
    @FunctionalInterface
    interface Fn3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    /** A function of four arguments, for {@link #combine}. */
    @FunctionalInterface
    interface Fn4<A, B, C, D, R> {
        R apply(A a, B b, C c, D d);
    }

    /** A function of five arguments, for {@link #combine}. */
    @FunctionalInterface
    interface Fn5<A, B, C, D, E, R> {
        R apply(A a, B b, C c, D d, E e);
    }

    /** A function of six arguments, for {@link #combine}. */
    @FunctionalInterface
    interface Fn6<A, B, C, D, E, F, R> {
        R apply(A a, B b, C c, D d, E e, F f);
    }
}
