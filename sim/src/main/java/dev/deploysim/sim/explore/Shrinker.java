package dev.deploysim.sim.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Shrinks a failing execution by searching for a shortlex-smaller choice sequence that still
 * fails (with the same failure kind, unless told otherwise). Every pass proposes candidates that
 * are shortlex-smaller than the current best, so shrinking terminates even without a budget;
 * the budgets (accepted steps, executions, an optional injected clock) only cut it shorter. No
 * randomness: the same failing execution always shrinks to the same result.
 *
 * <p>The passes, repeated until a round changes nothing: delete the choices of one drawn
 * sub-value (a list element, an optional's content), alone or with one neighbouring choice; delete blocks of 8, 4, 2, 1 choices (also
 * lowering the choice before the gap, which fixes up a length drawn before its items); zero
 * sub-values and blocks; lower each choice by binary search towards 0; sort blocks and swap
 * out-of-order pairs; move amount from an earlier choice to a later one.
 */
final class Shrinker<T> {

    /** One replay of a candidate sequence. */
    interface Runner<T> extends Function<long[], Execution<T>> {
    }

    private final Runner<T> runner;
    private final String kind;
    private final boolean keepKind;
    private final int maxSteps;
    private final int maxExecutions;
    private final BooleanSupplier timeUp;
    // Sequences already executed (candidates and what they actually consumed): a deterministic
    // property gives the same answer again, so never pay for it twice.
    private final Set<Key> seen = new LinkedHashSet<>();
    private Execution<T> best;
    private List<Choices.Span> orderedSpans;
    private int steps;
    private int executions;
    private boolean timedOut;

    Shrinker(Runner<T> runner, Execution<T> failing, boolean keepKind, int maxSteps, int maxExecutions,
             BooleanSupplier timeUp) {
        this.runner = runner;
        this.best = failing;
        this.kind = failing.failure().kind();
        this.keepKind = keepKind;
        this.maxSteps = maxSteps;
        this.maxExecutions = maxExecutions;
        this.timeUp = timeUp;
        seen.add(new Key(failing.sequence()));
    }

    Execution<T> best() {
        return best;
    }

    int steps() {
        return steps;
    }

    int executions() {
        return executions;
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Shrinks; returns true if it stopped because no pass found anything smaller. */
    boolean shrink() {
        long[] previous = null;
        while (!Arrays.equals(previous, best.sequence())) {
            previous = best.sequence();
            deleteSpans();
            deleteBlocks();
            zeroSpans();
            zeroBlocks();
            minimiseChoices();
            sortBlocks();
            redistribute();
            if (exhausted()) {
                return false;
            }
        }
        return true;
    }

    private boolean exhausted() {
        if (steps >= maxSteps || executions >= maxExecutions) {
            return true;
        }
        if (!timedOut && timeUp.getAsBoolean()) {
            timedOut = true;
        }
        return timedOut;
    }

    /** Runs {@code candidate} unless known; adopts it if it fails the same way and is smaller. */
    private boolean consider(long[] candidate) {
        if (Execution.shortlex(candidate, best.sequence()) >= 0 || exhausted()) {
            return false;
        }
        if (!seen.add(new Key(candidate))) {
            return false;
        }
        executions++;
        Execution<T> e = runner.apply(candidate);
        seen.add(new Key(e.sequence()));
        if (e.failed() && (!keepKind || kind.equals(e.failure().kind()))
                && Execution.shortlex(e.sequence(), best.sequence()) < 0) {
            best = e;
            orderedSpans = null;
            steps++;
            return true;
        }
        return false;
    }

    /** Distinct spans of the best execution, longest first, later first among equals. */
    private List<Choices.Span> spans() {
        if (orderedSpans == null) {
            TreeSet<Choices.Span> distinct = new TreeSet<>(Comparator
                    .comparingInt(Choices.Span::length).reversed()
                    .thenComparing(Comparator.comparingInt(Choices.Span::start).reversed()));
            distinct.addAll(best.spans());
            orderedSpans = new ArrayList<>(distinct);
        }
        return orderedSpans;
    }

    private void deleteSpans() {
        int j = 0;
        while (!exhausted() && j < spans().size()) {
            Choices.Span s = spans().get(j);
            long[] current = best.sequence();
            // The span alone, or with the choice after or before it: a list's first, mandatory
            // element has no "one more" choice of its own, so removing it means taking the next
            // element's "one more" along, which lets the next element move into its place.
            boolean shrunk = consider(remove(current, s.start(), s.end()))
                    || s.end() < current.length && consider(remove(current, s.start(), s.end() + 1))
                    || s.start() > 0 && consider(remove(current, s.start() - 1, s.end()));
            if (!shrunk) {
                j++;
            } // on success the spans changed: look again at position j
        }
    }

    private void deleteBlocks() {
        for (int k = 8; k >= 1; k /= 2) {
            int i = best.sequence().length - k;
            while (i >= 0 && !exhausted()) {
                long[] current = best.sequence();
                if (i + k > current.length) {
                    i--;
                    continue;
                }
                long[] attempt = remove(current, i, i + k);
                if (consider(attempt)) {
                    continue; // retry the same position on the shorter sequence
                }
                if (i > 0 && attempt[i - 1] > 0) {
                    attempt[i - 1]--;
                    consider(attempt);
                }
                i--;
            }
        }
    }

    private void zeroSpans() {
        int j = 0;
        while (!exhausted() && j < spans().size()) {
            Choices.Span s = spans().get(j);
            long[] attempt = best.sequence().clone();
            Arrays.fill(attempt, s.start(), s.end(), 0);
            if (!consider(attempt)) {
                j++;
            }
        }
    }

    private void zeroBlocks() {
        for (int k = 8; k > 1; k /= 2) {
            int i = best.sequence().length - k;
            while (i >= 0 && !exhausted()) {
                long[] attempt = best.sequence().clone();
                if (i + k > attempt.length) {
                    i--;
                    continue;
                }
                Arrays.fill(attempt, i, i + k, 0);
                i -= consider(attempt) ? k : 1;
            }
        }
    }

    private void minimiseChoices() {
        for (int i = best.sequence().length - 1; i >= 0 && !exhausted(); i--) {
            int index = i;
            if (index < best.sequence().length) {
                binarySearchDown(0, best.sequence()[index], v -> replace(index, v));
            }
        }
    }

    private void sortBlocks() {
        for (int k = 8; k > 1; k /= 2) {
            for (int i = best.sequence().length - k; i >= 0 && !exhausted(); i--) {
                long[] current = best.sequence();
                if (i + k > current.length) {
                    continue;
                }
                long[] attempt = current.clone();
                Arrays.sort(attempt, i, i + k);
                if (!consider(attempt) && current[i] > current[i + k - 1]) {
                    long[] swapped = current.clone();
                    swapped[i] = current[i + k - 1];
                    swapped[i + k - 1] = current[i];
                    consider(swapped);
                }
            }
        }
    }

    private void redistribute() {
        for (int gap = 2; gap >= 1; gap--) {
            for (int i = best.sequence().length - 1 - gap; i >= 0 && !exhausted(); i--) {
                long[] current = best.sequence();
                int j = i + gap;
                if (j >= current.length || current[i] == 0) {
                    continue;
                }
                long vi = current[i];
                long vj = current[j];
                int a = i;
                binarySearchDown(0, vi, v -> {
                    if (j >= best.sequence().length) {
                        return false;
                    }
                    long[] attempt = best.sequence().clone();
                    attempt[a] = v;
                    attempt[j] = saturatingAdd(vj, vi - v);
                    return consider(attempt);
                });
            }
        }
    }

    private boolean replace(int index, long value) {
        long[] current = best.sequence();
        if (index >= current.length || current[index] <= value) {
            return false;
        }
        long[] attempt = current.clone();
        attempt[index] = value;
        return consider(attempt);
    }

    /**
     * Finds a small value in {@code [lo, hi]} for which {@code fails} holds, assuming it holds
     * at {@code hi} and is mostly monotone: tries {@code lo} first, then bisects.
     */
    private void binarySearchDown(long lo, long hi, LongTest fails) {
        if (lo >= hi || fails.test(lo)) {
            return;
        }
        while (lo + 1 < hi && !exhausted()) {
            long mid = lo + (hi - lo) / 2;
            if (fails.test(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
    }

    @FunctionalInterface
    private interface LongTest {
        boolean test(long v);
    }

    private static long[] remove(long[] a, int from, int to) {
        long[] out = new long[a.length - (to - from)];
        System.arraycopy(a, 0, out, 0, from);
        System.arraycopy(a, to, out, from, a.length - to);
        return out;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /** A sequence as a set element. */
    private record Key(long[] sequence) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(sequence, k.sequence);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sequence);
        }

        @Override
        public String toString() {
            return Arrays.toString(sequence);
        }
    }
}
