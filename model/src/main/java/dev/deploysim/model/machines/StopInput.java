package dev.deploysim.model.machines;

import java.time.Duration;
import java.util.Optional;

/** Arguments of stop: the signal and how long to wait before killing (defaults: the config's). */
public record StopInput(Optional<String> signal, Optional<Duration> timeout) {
    public static StopInput defaults() {
        return new StopInput(Optional.empty(), Optional.empty());
    }
}
