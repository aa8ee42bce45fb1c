package dev.deploysim.sim.explore;

import java.util.List;

/**
 * A generated value and the choice sequence that generates it.
 *
 * @param value the value
 * @param choices the choices the generator consumed, each as its offset from the simplest
 */
public record Sample<T>(T value, List<Long> choices) {
    public Sample {
        choices = List.copyOf(choices);
    }
}
