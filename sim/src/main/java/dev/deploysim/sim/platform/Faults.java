package dev.deploysim.sim.platform;

import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The state of the fault mechanisms that stay in force for a while (API error windows,
 * propagation spikes, exhausted regions, pending boot failures). {@link World} injects and heals
 * them and consults this class at the points they act on.
 */
final class Faults {

    /** What an injected API fault does to one call. */
    enum ApiFaultKind { ERRORS, TIMEOUTS }

    /** An API fault window: calls of the listed operations (all if empty) fail at {@code rate} until {@code untilNanos}. */
    record ApiWindow(ApiFaultKind kind, double rate, long timeoutNanos, long untilNanos, List<String> operations) {
        boolean covers(String operation, long now) {
            return now < untilNanos && (operations.isEmpty() || operations.contains(operation));
        }
    }

    /** A propagation spike: while active, propagation delays come from {@code delay}. */
    record Spike(Distribution delay, long untilNanos) {
    }

    /** Pending boot failures: the next {@code remaining} boots of machines {@code which} selects fail. */
    static final class BootFailures {
        final VersionSelector which;
        int remaining;

        BootFailures(VersionSelector which, int remaining) {
            this.which = which;
            this.remaining = remaining;
        }
    }

    /** The verdict for one API call. */
    record ApiFault(ApiFaultKind kind, int status, long timeoutNanos, boolean applied) {
    }

    final List<ApiWindow> apiWindows = new ArrayList<>();
    final List<Spike> spikes = new ArrayList<>();
    /** Region to the number of active exhaustion windows on it. */
    final TreeMap<String, Integer> exhaustedRegions = new TreeMap<>();
    final List<BootFailures> bootFailures = new ArrayList<>();

    /** The statuses a transient API error carries (0 = a network error before the request arrived). */
    private static final int[] TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 0};

    /**
     * Decides whether an API call of {@code operation} at {@code now} fails, drawing from
     * {@code stream} only while a window covers the call (so a fault-free run never consumes it).
     */
    ApiFault apiFault(String operation, long now, RandomStream stream) {
        for (ApiWindow w : apiWindows) {
            if (!w.covers(operation, now)) {
                continue;
            }
            if (!stream.chance(w.rate())) {
                continue;
            }
            return switch (w.kind()) {
                case ERRORS -> new ApiFault(ApiFaultKind.ERRORS, TRANSIENT_STATUSES[stream.nextInt(TRANSIENT_STATUSES.length)],
                        0, false);
                case TIMEOUTS -> new ApiFault(ApiFaultKind.TIMEOUTS, 0, w.timeoutNanos(), stream.chance(0.5));
            };
        }
        return null;
    }

    /** Forgets windows that ended before {@code now}. */
    void expire(long now) {
        apiWindows.removeIf(w -> w.untilNanos() <= now);
        spikes.removeIf(s -> s.untilNanos() <= now);
    }

    /** The spike in force at {@code now}, the latest injected one if several overlap. */
    Spike activeSpike(long now) {
        Spike found = null;
        for (Spike s : spikes) {
            if (now < s.untilNanos()) {
                found = s;
            }
        }
        return found;
    }

    boolean regionExhausted(String region) {
        return exhaustedRegions.getOrDefault(region, 0) > 0;
    }

    /** Whether the boot now starting on a machine running {@code image} fails; consumes one pending failure if so. */
    boolean consumeBootFailure(String image, AppSpec app) {
        for (Iterator<BootFailures> it = bootFailures.iterator(); it.hasNext(); ) {
            BootFailures b = it.next();
            if (b.which.matches(image, app)) {
                b.remaining--;
                if (b.remaining <= 0) {
                    it.remove();
                }
                return true;
            }
        }
        return false;
    }
}
