package dev.deploysim.strategies.flyctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.deploy.DeployException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delay arithmetic of flyctl's two retry libraries as the port models them, each value derived
 * by hand from the library's code. Package-private classes, so this test shares their package; it
 * lives in the sim module's tests, where the mutation profile runs (docs/verification.md
 * "Mutation testing").
 *
 * <ul>
 *   <li>{@link Backoff}, jpillora/backoff's {@code Duration()}: {@code ForAttempt(attempt)} then
 *       {@code attempt++}; {@code ForAttempt} is {@code min * factor^attempt}, returning {@code max}
 *       when that is above max and {@code min} when below (no jitter, the port's S4).</li>
 *   <li>{@link Retry}, avast/retry-go's {@code Do}: {@code attempts} calls; after a failed call n
 *       (0-based) that is not the last, {@code OnRetry(n, err)} and a sleep of
 *       {@code BackOffDelay = delay << n}, capped at {@code MaxDelay}; an error {@code RetryIf}
 *       rejects ends it at once; the result is the last error ({@code LastErrorOnly}) or retry-go's
 *       {@code Error}, "All attempts fail:\n#1: ...".</li>
 * </ul>
 */
class RetryArithmeticTest {

    /** A clock that only records the sleeps asked of it. */
    private static final class RecordingClock implements Clock {
        final List<Duration> sleeps = new ArrayList<>();
        private Instant now = Instant.EPOCH;

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    private static Duration ms(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    @Test
    void backoffGrowsByItsFactorFromMinAndStaysAtMax() {
        // waitForExpectedListenAddresses' backoff: min 500 ms, max 2 s, factor 1.5
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 1.5);
        List<Duration> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            got.add(b.next());
        }
        // 500, 750, 1125, 1687.5, 2531.25 -> max, max
        assertThat(got).containsExactly(ms(500), ms(750), ms(1125), ms(1687.5), ms(2000), ms(2000));
    }

    @Test
    void backoffNeverGoesBelowMin() {
        // ForAttempt clamps to min too: a factor below 1 would shrink the delay, it stays at min
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.5);
        assertThat(List.of(b.next(), b.next(), b.next())).containsOnly(Duration.ofSeconds(1));
    }

    @Test
    void backoffReachingMaxExactlyReturnsMax() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), 2);
        assertThat(List.of(b.next(), b.next(), b.next(), b.next()))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    @Test
    void retryDoublesItsDelayAfterEachFailureAndStopsOnSuccess() {
        RecordingClock clock = new RecordingClock();
        List<Integer> retries = new ArrayList<>();
        int[] calls = {0};
        Retry.doRetry(clock, 5, Duration.ofMillis(500), Duration.ofSeconds(10), e -> true,
                (n, e) -> retries.add(n), () -> {
                    if (++calls[0] <= 3) {
                        throw new IllegalStateException("boom " + calls[0]);
                    }
                });
        assertThat(calls[0]).isEqualTo(4);
        // OnRetry is told the number of the call that follows minus one (flyctl prints n+2 of retry-go's
        // 0-based n; the port's callbacks print n+1 of this 1-based number: "attempt 2/5" first)
        assertThat(retries).containsExactly(1, 2, 3);
        assertThat(clock.sleeps).containsExactly(ms(500), ms(1000), ms(2000));
    }

    @Test
    void retryCapsEachDelayAtMaxDelayAndThrowsTheLastErrorAfterTheLastAttempt() {
        RecordingClock clock = new RecordingClock();
        int[] calls = {0};
        assertThatThrownBy(() -> Retry.doRetry(clock, 6, Duration.ofSeconds(1), Duration.ofSeconds(5), e -> true,
                (n, e) -> { }, () -> {
                    throw new IllegalStateException("boom " + ++calls[0]);
                })).isInstanceOf(IllegalStateException.class).hasMessage("boom 6");
        assertThat(calls[0]).isEqualTo(6);
        // 1, 2, 4, then 8 and 16 capped at 5; no sleep after the sixth (last) call
        assertThat(clock.sleeps).containsExactly(ms(1000), ms(2000), ms(4000), ms(5000), ms(5000));
    }

    @Test
    void aDelayEqualToMaxDelayIsKept() {
        RecordingClock clock = new RecordingClock();
        assertThatThrownBy(() -> Retry.doRetry(clock, 3, Duration.ofSeconds(1), Duration.ofSeconds(2), e -> true,
                (n, e) -> { }, () -> {
                    throw new IllegalStateException("boom");
                })).hasMessage("boom");
        assertThat(clock.sleeps).containsExactly(ms(1000), ms(2000));
    }

    @Test
    void anErrorRetryIfRejectsEndsTheRetriesAtOnce() {
        RecordingClock clock = new RecordingClock();
        int[] calls = {0};
        List<Integer> retries = new ArrayList<>();
        assertThatThrownBy(() -> Retry.doRetry(clock, 5, Duration.ofMillis(500), Duration.ofSeconds(10),
                e -> !e.getMessage().equals("fatal"), (n, e) -> retries.add(n), () -> {
                    calls[0]++;
                    throw new IllegalStateException(calls[0] == 1 ? "transient" : "fatal");
                })).hasMessage("fatal");
        assertThat(calls[0]).isEqualTo(2);
        assertThat(retries).containsExactly(1);
        assertThat(clock.sleeps).containsExactly(ms(500));
    }

    @Test
    void withoutLastErrorOnlyEveryErrorIsListedAsRetryGoPrintsThem() {
        RecordingClock clock = new RecordingClock();
        int[] calls = {0};
        assertThatThrownBy(() -> Retry.doRetry(clock, 3, Duration.ofMillis(100), Duration.ofSeconds(30), e -> true, false,
                (n, e) -> { }, () -> {
                    throw new IllegalStateException("no " + ++calls[0]);
                })).isInstanceOf(DeployException.class)
                .hasMessage("All attempts fail:\n#1: no 1\n#2: no 2\n#3: no 3")
                .satisfies(e -> assertThat(((DeployException) e).unrecoverable()).isFalse());
        assertThat(clock.sleeps).containsExactly(ms(100), ms(200));
    }

    @Test
    void anUnrecoverableLastErrorKeepsItsMarkInTheListedError() {
        RecordingClock clock = new RecordingClock();
        assertThatThrownBy(() -> Retry.doRetry(clock, 2, Duration.ofMillis(100), Duration.ofSeconds(30), e -> true, false,
                (n, e) -> { }, () -> {
                    throw Errors.unrecoverable(new IllegalStateException("bad"));
                })).isInstanceOf(DeployException.class)
                .satisfies(e -> assertThat(((DeployException) e).unrecoverable()).isTrue());
    }

    @Test
    void cancellationStopsRetryingWithoutASleep() {
        RecordingClock clock = new RecordingClock();
        int[] calls = {0};
        assertThatThrownBy(() -> Retry.doRetry(clock, 5, Duration.ofMillis(500), Duration.ofSeconds(10), e -> true,
                (n, e) -> { }, () -> {
                    calls[0]++;
                    throw new CancelledException("ctrl-c");
                })).isInstanceOf(CancelledException.class);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(clock.sleeps).isEmpty();
    }
}
