package dev.deploysim.sim.explore;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a run generated: how many tries counted, how many were discarded, how many tries carried
 * each label, and how each filter fared. Shrinking executions are not counted.
 *
 * @param tries tries that passed or failed (the denominator of every percentage)
 * @param discarded tries discarded by a filter, an assumption, a discard verdict or the choice limit
 * @param labels tries per label, by label
 * @param filters per filter description, in description order
 */
public record Statistics(int tries, int discarded, SortedMap<String, Integer> labels, List<FilterStats> filters) {
    public Statistics {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        filters = List.copyOf(filters);
    }

    /** Tries that carried {@code label}. */
    public int count(String label) {
        return labels.getOrDefault(label, 0);
    }

    /** Tries that carried {@code label}, as a percentage of {@link #tries()}. */
    public double percent(String label) {
        return tries == 0 ? 0 : 100.0 * count(label) / tries;
    }
}
