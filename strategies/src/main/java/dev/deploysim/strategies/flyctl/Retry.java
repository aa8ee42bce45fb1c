package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.deploy.DeployException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * avast/retry-go's {@code retry.Do} as bluegreen configures it: up to {@code attempts} calls,
 * {@code BackOffDelay} (delay, 2 x delay, 4 x delay, ... capped at {@code maxDelay}) between them,
 * stopping at once on an error {@code retryIf} rejects, and returning the last error
 * ({@code LastErrorOnly}) or, without that option, every error as retry-go's {@code Error} prints
 * them ("All attempts fail:\n#1: ...\n#2: ..."). A cancelled caller stops retrying ({@code retry.Context}).
 */
final class Retry {
    private Retry() {
    }

    /** One attempt of the retried operation. */
    @FunctionalInterface
    interface Attempt {
        void run();
    }

    /** Called before each retry with the retry's number (1 for the second call) and the error. */
    @FunctionalInterface
    interface OnRetry {
        void retrying(int attemptNumber, RuntimeException error);
    }

    static void doRetry(Clock clock, int attempts, Duration delay, Duration maxDelay, Predicate<RuntimeException> retryIf,
                        OnRetry onRetry, Attempt op) {
        doRetry(clock, attempts, delay, maxDelay, retryIf, true, onRetry, op);
    }

    static void doRetry(Clock clock, int attempts, Duration delay, Duration maxDelay, Predicate<RuntimeException> retryIf,
                        boolean lastErrorOnly, OnRetry onRetry, Attempt op) {
        List<RuntimeException> errorLog = new ArrayList<>();
        RuntimeException last = null;
        for (int n = 0; n < attempts; n++) {
            try {
                op.run();
                return;
            } catch (RuntimeException e) {
                if (Errors.isCancelled(e)) {
                    throw e;
                }
                errorLog.add(e);
                last = e;
                if (!retryIf.test(e)) {
                    break;
                }
                if (n == attempts - 1) {
                    break;
                }
                onRetry.retrying(n + 1, e);
                Duration d = delay.multipliedBy(1L << Math.min(n, 30));
                clock.sleep(d.compareTo(maxDelay) > 0 ? maxDelay : d);
            }
        }
        if (lastErrorOnly) {
            throw last;
        }
        StringBuilder msg = new StringBuilder("All attempts fail:");
        for (int i = 0; i < errorLog.size(); i++) {
            msg.append("\n#").append(i + 1).append(": ").append(Errors.message(errorLog.get(i)));
        }
        throw new DeployException(msg.toString(), last, false, Errors.isUnrecoverable(last));
    }
}
