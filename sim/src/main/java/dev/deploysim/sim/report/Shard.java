package dev.deploysim.sim.report;

/**
 * One of {@code count} slices of a comparison, numbered from 1: slice {@code index} holds the
 * runs whose position in the sweep's canonical order (strategy, then size, then seed) is
 * {@code index - 1} modulo {@code count}. Round-robin rather than contiguous blocks because runs
 * differ in cost by orders of magnitude (one machine against fifty): dealing them out like cards
 * gives every slice a share of every row, so slices take about equally long.
 *
 * @param index this slice, 1 to {@code count} (1-based, as in {@code --shard 2/3})
 * @param count how many slices the sweep is cut into, at least 1
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is I/N with 1 <= I <= N, was " + index + "/" + count);
        }
    }

    /** Whether the run at {@code runIndex} (0-based, in the sweep's canonical order) belongs to this slice. */
    public boolean owns(long runIndex) {
        return runIndex % count == index - 1;
    }

    /** How many of a sweep's {@code total} runs this slice holds. */
    public long runsOf(long total) {
        return total / count + (total % count >= index ? 1 : 0);
    }

    /** The slice's file name under {@code --out}: distinct per slice, so slices may share one directory. */
    public String fileName() {
        return "shard-" + index + "-of-" + count + ".json";
    }

    /** {@code I/N}, as the command line spells it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
