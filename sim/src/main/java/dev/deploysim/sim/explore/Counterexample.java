package dev.deploysim.sim.explore;

import java.util.List;
import java.util.Objects;

/**
 * A failing try, before and after shrinking. Replaying {@link #choices()} through the same
 * generator rebuilds {@link #value()}; re-running try {@link #tryIndex()} under {@link #seed()}
 * rebuilds {@link #originalValue()}.
 *
 * @param value the shrunk value (null if the generator itself threw)
 * @param failure how the shrunk value fails
 * @param choices the shrunk value's choice sequence
 * @param notes the property's notes and in-property draws for the shrunk value
 * @param originalValue the value the try first generated (null if the generator threw)
 * @param originalFailure how the original value failed
 * @param originalChoices the original choice sequence
 * @param seed the run's seed
 * @param tryIndex the failing try's index
 * @param shrinkSteps smaller failing sequences accepted while shrinking
 * @param shrinkExecutions property executions spent shrinking
 * @param shrinkComplete true if shrinking stopped because no pass found anything smaller,
 *     false if a budget cut it short
 * @param flaky true if the original failing sequence passed when replayed: the property
 *     or generator is not a function of its choices, so nothing was shrunk
 */
public record Counterexample<T>(T value, Failure failure, List<Long> choices, List<String> notes,
                                T originalValue, Failure originalFailure, List<Long> originalChoices,
                                long seed, int tryIndex, int shrinkSteps, int shrinkExecutions,
                                boolean shrinkComplete, boolean flaky) {
    public Counterexample {
        Objects.requireNonNull(failure, "failure");
        choices = List.copyOf(choices);
        notes = List.copyOf(notes);
        Objects.requireNonNull(originalFailure, "originalFailure");
        originalChoices = List.copyOf(originalChoices);
    }

    /** The shrunk choice sequence as an array, for {@link Explorer#replay(long...)}. */
    public long[] choiceArray() {
        return choices.stream().mapToLong(Long::longValue).toArray();
    }
}
