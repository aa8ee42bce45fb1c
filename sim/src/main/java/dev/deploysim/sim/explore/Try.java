package dev.deploysim.sim.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One execution of a property: which try it is, and where the property reports what kind of
 * case it met (labels, counted into the run's statistics), leaves notes for the counterexample
 * report, draws more values, or discards the try. Shrinking re-executes a failing try with the
 * same index and seed; labels from those executions are not counted.
 */
public final class Try {
    private final int index;
    private final long seed;
    private final Choices choices;
    private final SortedSet<String> labels = new TreeSet<>();
    private final List<String> notes = new ArrayList<>();
    private int draws;

    Try(int index, long seed, Choices choices) {
        this.index = index;
        this.seed = seed;
        this.choices = choices;
    }

    /** The try's index in its run, from 0: with the seed, all it takes to reproduce it. */
    public int index() {
        return index;
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /**
     * Counts this try under {@code label} (e.g. "n=1", "fault:crash", "strategy:rolling"); a
     * label counts once per try however often it is given.
     */
    public void label(String label) {
        if (Objects.requireNonNull(label, "label").isBlank()) {
            throw new IllegalArgumentException("a label must not be blank");
        }
        labels.add(label);
    }

    /** {@link #label} if {@code condition} holds. */
    public void classify(boolean condition, String label) {
        if (condition) {
            label(label);
        }
    }

    /** Adds a line to the counterexample report if this try ends up the shrunk failure. */
    public void note(String note) {
        notes.add(Objects.requireNonNull(note, "note"));
    }

    /**
     * Draws another value inside the property, from the same choice sequence, so it shrinks
     * with the rest; the value is noted for the report.
     */
    public <U> U draw(Gen<U> gen) {
        U value = choices.draw(gen);
        notes.add("draw " + (++draws) + ": " + value);
        return value;
    }

    /** Discards this try (neither pass nor failure) unless {@code condition} holds. */
    public void assume(boolean condition) {
        if (!condition) {
            throw choices.reject("assumption failed");
        }
    }

    SortedSet<String> labels() {
        return Collections.unmodifiableSortedSet(labels);
    }

    List<String> notes() {
        return Collections.unmodifiableList(notes);
    }
}
