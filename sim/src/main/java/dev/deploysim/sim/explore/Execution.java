package dev.deploysim.sim.explore;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * One execution of generator and property on one choice source: the unit the runner counts and
 * the shrinker compares.
 *
 * @param outcome pass, fail or discard
 * @param sequence the choices actually consumed (what replays this execution exactly)
 * @param spans the choices each {@link Choices#draw} consumed
 * @param value the generated value, or null if generation did not finish
 * @param failure for a failure, why; else null
 * @param discardReason for a discard, why; else null
 * @param labels the property's labels
 * @param notes the property's notes
 * @param filters filter counts of this execution: {accepted, rejected, exhausted}
 */
record Execution<T>(Verdict.Status outcome, long[] sequence, List<Choices.Span> spans, T value,
                    Failure failure, String discardReason, SortedSet<String> labels, List<String> notes,
                    Map<String, long[]> filters) {

    boolean failed() {
        return outcome == Verdict.Status.FAIL;
    }

    /** Shortlex order: shorter sequences first, then lexicographic (choices are never negative). */
    static int shortlex(long[] a, long[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return java.util.Arrays.compare(a, b);
    }
}
