package dev.deploysim.sim.explore;

import dev.deploysim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The source every generator draws from: a sequence of bounded integer choices, each recorded as
 * its offset from the simplest value (0 is always the simplest). The same generator fed the
 * same recorded sequence builds the same value, which is what replay and shrinking rest on.
 *
 * <p>Where the choices come from depends on the try: seeded random draws, all-minimum, all-maximum,
 * boundary values, or a prefix being replayed (past its end every choice is 0, the simplest; a
 * replayed choice larger than the current bound is clamped to the bound). Generators never see
 * the difference.
 *
 * <p>Write a generator against the public methods only: {@link #choose}, {@link #chooseInt},
 * {@link #chance}, {@link #pick} and {@link #draw}. Draw sub-values with {@link #draw} rather than
 * calling {@link Gen#generate} directly, so the shrinker knows where each sub-value's choices
 * start and end.
 */
public final class Choices {

    /** Where a draw's value comes from. */
    enum Mode {
        /** The prefix, then 0 (the simplest value) once it runs out. */
        REPLAY,
        /** Every draw at its upper bound. */
        MAXIMUM,
        /** Each draw one of 0, 1, max - 1, max, chosen by the try's stream. */
        BOUNDARY,
        /** Each draw from the try's stream, in the distribution the primitive asks for. */
        RANDOM
    }

    /** A random draw in {@code [0, max]}, in the distribution one primitive wants. */
    @FunctionalInterface
    interface Sampler {
        long sample(RandomStream random, long max);
    }

    /** The choices one {@link #draw} consumed, {@code [start, end)}; only non-empty spans are kept. */
    record Span(int start, int end) {
        int length() {
            return end - start;
        }
    }

    private static final Sampler UNIFORM = (random, max) ->
            max == Long.MAX_VALUE ? random.nextLong() & Long.MAX_VALUE : random.nextLong(0, max + 1);

    private final Mode mode;
    private final long[] prefix;
    private final RandomStream random;
    private final int maxChoices;
    private long[] recorded = new long[32];
    private int size;
    private final List<Span> spans = new ArrayList<>();
    // description -> {accepted, rejected, exhausted}
    private final Map<String, long[]> filters = new TreeMap<>();
    private String rejection;
    private boolean overrun;

    private Choices(Mode mode, long[] prefix, RandomStream random, int maxChoices) {
        this.mode = mode;
        this.prefix = prefix;
        this.random = random;
        this.maxChoices = maxChoices;
    }

    static Choices replaying(long[] prefix, int maxChoices) {
        return new Choices(Mode.REPLAY, prefix.clone(), null, maxChoices);
    }

    static Choices of(Mode mode, RandomStream random, int maxChoices) {
        if (mode == Mode.REPLAY) {
            return replaying(new long[0], maxChoices);
        }
        return new Choices(mode, new long[0], Objects.requireNonNull(random, "random"), maxChoices);
    }

    /**
     * A value in {@code [lo, hi]}, uniform when drawn at random; {@code lo} is the simplest, so
     * put the natural default at the lower bound.
     */
    public long choose(long lo, long hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        }
        long width;
        try {
            width = Math.subtractExact(hi, lo);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("range [" + lo + ", " + hi + "] is wider than Long.MAX_VALUE", e);
        }
        return lo + next(width, UNIFORM);
    }

    /** {@link #choose} for ints. */
    public int chooseInt(int lo, int hi) {
        return (int) choose(lo, hi);
    }

    /**
     * True with probability {@code p} when drawn at random; false is the simplest. A {@code p} of
     * 0 or 1 draws nothing: the answer is fixed, so there is nothing to record or shrink.
     */
    public boolean chance(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + p);
        }
        if (p == 0) {
            return false;
        }
        if (p == 1) {
            return true;
        }
        return next(1, (r, max) -> r.chance(p) ? 1 : 0) == 1;
    }

    /**
     * An index into {@code weights}, drawn with probability proportional to its weight; index 0
     * is the simplest, so list the default option first.
     */
    public int pick(int... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("pick needs at least one weight");
        }
        long total = 0;
        for (int w : weights) {
            if (w <= 0) {
                throw new IllegalArgumentException("weights must be > 0, were " + Arrays.toString(weights));
            }
            total += w;
        }
        if (weights.length == 1) {
            return 0;
        }
        long sum = total;
        int[] ws = weights.clone();
        return (int) next(ws.length - 1, (r, max) -> {
            long u = r.nextLong(0, sum);
            for (int i = 0; i < ws.length; i++) {
                u -= ws[i];
                if (u < 0) {
                    return i;
                }
            }
            return ws.length - 1;
        });
    }

    /** Generates a value with {@code gen}, marking the choices it consumed as one span for the shrinker. */
    public <U> U draw(Gen<U> gen) {
        int start = size;
        U value = gen.generate(this);
        if (size > start) {
            spans.add(new Span(start, size));
        }
        return value;
    }

    /** The primitive every draw goes through: a value in {@code [0, max]}, recorded. */
    long next(long max, Sampler sampler) {
        if (rejection != null) {
            // A generator or property swallowed the rejection; keep failing fast, never record more.
            throw new Rejection(rejection);
        }
        if (size >= maxChoices) {
            overrun = true;
            throw reject("a try drew more than " + maxChoices + " choices");
        }
        long v = switch (mode) {
            case REPLAY -> size < prefix.length ? Math.min(Math.max(prefix[size], 0), max) : 0;
            case MAXIMUM -> max;
            case BOUNDARY -> {
                long[] edges = {0, Math.min(1, max), Math.max(0, max - 1), max};
                yield edges[random.nextInt(edges.length)];
            }
            case RANDOM -> sampler.sample(random, max);
        };
        if (size == recorded.length) {
            recorded = Arrays.copyOf(recorded, size * 2);
        }
        recorded[size++] = v;
        return v;
    }

    /** Marks this try as discarded (not a failure) and returns the exception that unwinds it. */
    RuntimeException reject(String reason) {
        if (rejection == null) {
            rejection = reason;
        }
        return new Rejection(rejection);
    }

    void countFilter(String description, boolean accepted) {
        filters.computeIfAbsent(description, d -> new long[3])[accepted ? 0 : 1]++;
    }

    void countFilterExhausted(String description) {
        filters.computeIfAbsent(description, d -> new long[3])[2]++;
    }

    /**
     * Whether draws starting at position {@code start} come out the same every time: all at
     * their maximum, or replayed past the end of the prefix (all zero). A filter need not redraw then.
     */
    boolean repeatsFrom(int start) {
        return mode == Mode.MAXIMUM || mode == Mode.REPLAY && start >= prefix.length;
    }

    /** Why this try was discarded, or null. */
    String rejection() {
        return rejection;
    }

    boolean overrun() {
        return overrun;
    }

    Mode mode() {
        return mode;
    }

    long[] sequence() {
        return Arrays.copyOf(recorded, size);
    }

    int size() {
        return size;
    }

    List<Span> spans() {
        return Collections.unmodifiableList(spans);
    }

    /** Filter counts of this try, by description: {accepted, rejected, exhausted}. */
    Map<String, long[]> filterCounts() {
        return Collections.unmodifiableMap(filters);
    }

    /**
     * Unwinds a discarded try. Cheap (no stack trace): filters and assumptions throw it often.
     * The runner trusts {@link #rejection()}, not this exception, so a property that catches it
     * still has its try discarded.
     */
    static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }
}
