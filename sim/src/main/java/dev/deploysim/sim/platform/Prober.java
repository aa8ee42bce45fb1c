package dev.deploysim.sim.platform;

import dev.deploysim.sim.kernel.Event;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;

/**
 * The HTTP prober: a client sending one request through the proxy every {@code 1 / rate}
 * seconds, or, {@link ProbeConfig#sequential() sequential}, one at a time with {@code 1 / rate}
 * between the end of one and the next, like a shell loop of curl (PR #4948). Each request ends in exactly one {@link ProbeResult}: OK
 * or SLOW when answered (by latency against the slow threshold), FAILED when the proxy gives up
 * or the client's timeout passes first.
 */
final class Prober {
    private final World world;
    private final ProbeConfigView config;
    private long sent;
    private long finished;
    private Event next;
    private boolean active;

    /** The prober's settings in nanoseconds. */
    record ProbeConfigView(long periodNanos, long timeoutNanos, long slowNanos, boolean sequential) {
    }

    Prober(World world) {
        this.world = world;
        var c = world.probeConfig();
        this.config = new ProbeConfigView(Math.max(1, Math.round(1e9 / c.ratePerSecond())),
                Math.round(c.timeoutSeconds() * 1e9), Math.round(c.slowThresholdSeconds() * 1e9), c.sequential());
    }

    void start() {
        if (!active) {
            active = true;
            next = world.kernel().scheduleAfterNanos(0, "probe", this::fire);
        }
    }

    void stop() {
        active = false;
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    boolean running() {
        return active;
    }

    long sent() {
        return sent;
    }

    /** Probes sent whose result is not recorded yet. */
    long inFlight() {
        return sent - finished;
    }

    private void fire() {
        next = config.sequential() ? null : world.kernel().scheduleAfterNanos(config.periodNanos(), "probe", this::fire);
        sent++;
        new Probe(world.nowNanos()).send();
    }

    /** One request of the client: its timeout (run) and the proxy's answer (done), whichever comes first. */
    private final class Probe implements Runnable, Proxy.Callback {
        private final long sentAt;
        private boolean done;
        private Proxy.Request request;
        private Event clientTimeout;

        Probe(long sentAt) {
            this.sentAt = sentAt;
        }

        void send() {
            clientTimeout = world.kernel().scheduleAfterNanos(config.timeoutNanos(), "probe timeout", this);
            request = world.proxy().send(this);
        }

        /** The client's timeout. */
        @Override
        public void run() {
            if (done) {
                return;
            }
            done = true;
            request.cancel();
            record(sentAt, ProbeOutcome.FAILED, "", request.attempts(),
                    "client timeout after " + Proxy.seconds(config.timeoutNanos()));
        }

        @Override
        public void done(Proxy.Outcome outcome) {
            if (done) {
                return;
            }
            done = true;
            clientTimeout.cancel();
            long latency = world.nowNanos() - sentAt;
            ProbeOutcome o = !outcome.answered() ? ProbeOutcome.FAILED
                    : latency > config.slowNanos() ? ProbeOutcome.SLOW : ProbeOutcome.OK;
            record(sentAt, o, outcome.machineId(), outcome.attempts(), outcome.detail());
        }
    }

    private void record(long sentAt, ProbeOutcome outcome, String machineId, int attempts, String detail) {
        finished++;
        long now = world.nowNanos();
        world.emit(new ProbeResult(now, sentAt, outcome, now - sentAt, machineId, attempts, detail));
        if (config.sequential() && active) {
            next = world.kernel().scheduleAfterNanos(config.periodNanos(), "probe", this::fire);
        }
    }
}
