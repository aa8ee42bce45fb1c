package dev.deploysim.sim.explore;

/**
 * A property that returns a {@link Verdict} for each generated value. Throwing counts as a
 * failure whose kind is the exception's class and throw site, and shrinks like any other.
 */
@FunctionalInterface
public interface Property<T> {
    Verdict test(T value, Try t) throws Exception;
}
