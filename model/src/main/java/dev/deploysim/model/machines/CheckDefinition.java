package dev.deploysim.model.machines;

import java.time.Duration;
import java.util.Objects;

/**
 * A health check in a machine's config. Service checks (under {@code [[services]]} or
 * {@code [http_service]}) gate proxy routing; top-level {@code [checks]} never do, but flyctl
 * waits for both.
 *
 * @param name unique within the machine
 * @param type {@code tcp} or {@code http}
 * @param serviceCheck true for a service-level check
 * @param gracePeriod time after start before failures count
 * @param interval time between runs
 * @param timeout time one run may take
 */
public record CheckDefinition(String name, String type, boolean serviceCheck,
                              Duration gracePeriod, Duration interval, Duration timeout) {
    public CheckDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** fly.toml's tcp check defaults: grace 1 s, interval 15 s, timeout 2 s (spec section 8). */
    public static CheckDefinition tcpService(String name) {
        return new CheckDefinition(name, "tcp", true, Duration.ofSeconds(1), Duration.ofSeconds(15),
                Duration.ofSeconds(2));
    }
}
