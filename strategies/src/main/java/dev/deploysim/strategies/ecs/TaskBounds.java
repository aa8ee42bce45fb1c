package dev.deploysim.strategies.ecs;

/**
 * The task counts a rolling update keeps between, per the deployment configuration's documentation:
 * minimumHealthyPercent of the desired count rounded up, maximumPercent rounded down.
 *
 * @param minHealthy tasks that must stay RUNNING and healthy
 * @param max tasks allowed RUNNING or PENDING
 */
public record TaskBounds(int minHealthy, int max) {

    /** The bounds for {@code desired} tasks. */
    public static TaskBounds of(int desired, int minimumHealthyPercent, int maximumPercent) {
        long min = ((long) desired * minimumHealthyPercent + 99) / 100;
        long max = (long) desired * maximumPercent / 100;
        return new TaskBounds((int) min, (int) max);
    }

    /**
     * The deployment circuit breaker's failure threshold: 0.5 × the desired count, at least 3 and
     * at most 200. A fractional threshold is reached by the next whole failure (rounded up).
     */
    public static int circuitBreakerThreshold(int desired) {
        int half = (desired + 1) / 2;
        return Math.max(3, Math.min(200, half));
    }
}
