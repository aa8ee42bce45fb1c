package dev.deploysim.sim.observe;

import dev.deploysim.sim.observe.Observation.ProbeResult;
import java.util.Arrays;

/**
 * Counts and latencies of the HTTP probes in a log, derived from its {@link ProbeResult}s alone.
 * Every probe sent produces exactly one result, so {@code sent == ok + slow + failed}.
 *
 * @param sent probes counted
 * @param ok answered within the slow threshold
 * @param slow answered, but slowly
 * @param failed not answered
 * @param p50LatencyNanos median latency over all counted probes (failed ones count with the
 *     time they took to fail), 0 if none
 * @param p99LatencyNanos 99th percentile latency, 0 if none
 * @param maxLatencyNanos the largest latency, 0 if none
 */
public record ProbeStats(long sent, long ok, long slow, long failed, long p50LatencyNanos, long p99LatencyNanos,
                         long maxLatencyNanos) {

    public ProbeStats {
        if (sent != ok + slow + failed) {
            throw new IllegalArgumentException("sent (" + sent + ") must equal ok + slow + failed (" + ok + " + " + slow
                    + " + " + failed + ")");
        }
    }

    /** Statistics over every probe in {@code observations}. */
    public static ProbeStats of(Iterable<Observation> observations) {
        return of(observations, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Statistics over the probes <em>sent</em> in {@code [fromNanos, toNanos)}. */
    public static ProbeStats of(Iterable<Observation> observations, long fromNanos, long toNanos) {
        long ok = 0;
        long slow = 0;
        long failed = 0;
        long[] latencies = new long[64];
        int n = 0;
        for (Observation o : observations) {
            if (o instanceof ProbeResult p && p.sentAtNanos() >= fromNanos && p.sentAtNanos() < toNanos) {
                switch (p.outcome()) {
                    case OK -> ok++;
                    case SLOW -> slow++;
                    case FAILED -> failed++;
                }
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = p.latencyNanos();
            }
        }
        Arrays.sort(latencies, 0, n);
        return new ProbeStats(ok + slow + failed, ok, slow, failed, percentile(latencies, n, 0.50),
                percentile(latencies, n, 0.99), n == 0 ? 0 : latencies[n - 1]);
    }

    /** Nearest-rank percentile of the first {@code n} values of {@code sorted}. */
    private static long percentile(long[] sorted, int n, double q) {
        if (n == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(0, rank - 1)];
    }

    /** {@code failed / sent}, 0 when nothing was sent. */
    public double failedRate() {
        return sent == 0 ? 0.0 : (double) failed / sent;
    }
}
