package dev.deploysim.model.concurrent;

import java.time.Duration;
import java.time.Instant;

/** The time source a strategy sees: virtual time under simulation, real time otherwise. */
public interface Clock {

    /** The current instant. */
    Instant now();

    /**
     * Blocks the calling task for {@code duration}; a zero or negative duration returns at once
     * (after yielding to tasks due now).
     *
     * @throws CancelledException if the calling task is cancelled while sleeping
     */
    void sleep(Duration duration);
}
