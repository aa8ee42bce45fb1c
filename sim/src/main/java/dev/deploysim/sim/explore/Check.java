package dev.deploysim.sim.explore;

/**
 * A property written as assertions: returning normally passes, throwing (an
 * {@link AssertionError} or any other exception) fails. The usual form in a JUnit test.
 */
@FunctionalInterface
public interface Check<T> {
    void accept(T value, Try t) throws Exception;
}
