package dev.deploysim.sim.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Test helpers: a quiet explorer and a brute-force oracle for the smallest failing choice sequence. */
final class Oracles {
    private Oracles() {
    }

    /** An explorer that prints nothing and ignores -Ddeploysim.* (the tests pin their own numbers). */
    static <T> Explorer<T> quiet(Gen<T> gen) {
        return Explorer.forAll(gen).reporter(report -> { }).systemProperties(key -> null);
    }

    /**
     * The shortlex-smallest choice sequence, among all sequences of at most {@code maxLength}
     * choices each at most {@code maxValue}, that the generator consumes exactly (no clamping,
     * nothing left over, no zero-fill) and whose value {@code fails}. Independent of the
     * shrinker: it enumerates sequences in shortlex order and replays each one.
     */
    static <T> long[] smallestFailing(Gen<T> gen, Predicate<T> fails, int maxLength, long maxValue) {
        Explorer<T> explorer = quiet(gen);
        for (int length = 0; length <= maxLength; length++) {
            long[] seq = new long[length];
            while (true) {
                Sample<T> s;
                try {
                    s = explorer.replay(seq);
                } catch (IllegalStateException discarded) {
                    s = null;
                }
                if (s != null && Arrays.equals(toArray(s.choices()), seq) && fails.test(s.value())) {
                    return seq;
                }
                if (!increment(seq, maxValue)) {
                    break;
                }
            }
        }
        throw new AssertionError("no failing sequence of length <= " + maxLength);
    }

    private static boolean increment(long[] seq, long maxValue) {
        for (int i = seq.length - 1; i >= 0; i--) {
            if (seq[i] < maxValue) {
                seq[i]++;
                return true;
            }
            seq[i] = 0;
        }
        return false;
    }

    static long[] toArray(List<Long> choices) {
        return choices.stream().mapToLong(Long::longValue).toArray();
    }

    static List<Long> list(long... values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    static int sum(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).sum();
    }
}
