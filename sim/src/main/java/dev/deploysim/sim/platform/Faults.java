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

    /**
     * An API fault window: calls of the listed operations (all if empty) concerning a machine in
     * {@code scope} (any call, for the app scope) fail at {@code rate} until {@code untilNanos}.
     */
    record ApiWindow(ApiFaultKind kind, double rate, long timeoutNanos, long untilNanos, List<String> operations,
                     FaultScope scope) {
        boolean covers(String operation, SimMachine machine, long now) {
            return now < untilNanos && (operations.isEmpty() || operations.contains(operation)) && scope.covers(machine);
        }
    }

    /** A slow-boot window: boots in {@code scope} starting before {@code untilNanos} take {@code extra} longer. */
    record SlowBoots(Distribution extra, FaultScope scope, long untilNanos) {
    }

    /** A propagation spike: while active, propagation delays come from {@code delay}. */
    record Spike(Distribution delay, long untilNanos) {
    }

    /** Pending boot failures: the next {@code remaining} boots of machines {@code which} and {@code scope} select fail. */
    static final class BootFailures {
        final VersionSelector which;
        final FaultScope scope;
        int remaining;

        BootFailures(VersionSelector which, FaultScope scope, int remaining) {
            this.which = which;
            this.scope = scope;
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
    final List<SlowBoots> slowBoots = new ArrayList<>();
    /** Where the new version never becomes ready (a bad release injected as a fault). */
    final List<FaultScope> neverHealthy = new ArrayList<>();

    /** The statuses a transient API error carries (0 = a network error before the request arrived). */
    private static final int[] TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 0};

    /**
     * Decides whether an API call of {@code operation} at {@code now} fails, drawing from
     * {@code stream} only while a window covers the call (so a fault-free run never consumes it).
     */
    ApiFault apiFault(String operation, SimMachine machine, long now, RandomStream stream) {
        for (ApiWindow w : apiWindows) {
            if (!w.covers(operation, machine, now)) {
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
        slowBoots.removeIf(s -> s.untilNanos() <= now);
    }

    /** The slow-boot windows covering a boot of {@code m} starting at {@code now}, oldest first. */
    List<SlowBoots> slowBootsFor(SimMachine m, long now) {
        List<SlowBoots> out = new ArrayList<>();
        for (SlowBoots s : slowBoots) {
            if (now < s.untilNanos() && s.scope().covers(m)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether a bad-release fault covers {@code m}. */
    boolean neverHealthy(SimMachine m) {
        for (FaultScope s : neverHealthy) {
            if (s.covers(m)) {
                return true;
            }
        }
        return false;
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

    /** Whether the boot now starting on {@code m} fails; consumes one pending failure if so. */
    boolean consumeBootFailure(SimMachine m, AppSpec app) {
        for (Iterator<BootFailures> it = bootFailures.iterator(); it.hasNext(); ) {
            BootFailures b = it.next();
            if (b.which.matches(m.config.image(), app) && b.scope.covers(m)) {
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
