/*
 * Follows flyctl internal/machine/leasable_machine.go and wait.go (master at #5108).
 * Divergences:
 *  L1 Backoffs have no jitter (Backoff's header): WaitForState 0.5, 1, 2, 2 ... s; health polls 1, 2, 2 ... s;
 *    the lease refresh sleeps 3.98 s then 4.02 s (for the 13 s default) instead of 4 s +- 20 ms.
 *  L2 Waits poll flaps' wait endpoint with min(remaining, 60 s) per call, as fly-go clamps it; an API
 *    timeout is retried after the backoff like any other non-404 error.
 *  L3 WaitForHealthchecksToPass returns at once when the *config* has no checks (spec section 3); flyctl
 *    tests the runtime check list of the machine it holds, which for a fresh update response is the same.
 *  L4 The refresh loop stops on NotFound (flyctl: "machine not found" substring).
 *  L5 ReleaseLease's 500 ms grace after cancellation is an await with a 500 ms deadline on a task
 *    that ignores the cancellation (context.WithTimeout on a fresh context).
 *  L6 flyctl's log lines become steps only where the strategy reports a step; status lines are dropped.
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.concurrent.DeadlineExceededException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineEvent;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A machine plus the lease flyctl holds on it: every mutation carries the nonce, the background
 * loop keeps the lease alive, and the waits (state, smoke checks, health checks) poll the API the
 * way flyctl does.
 */
final class LeasableMachine {

    /** flaps clamps one wait request to 60 s; flyctl loops until its own deadline. */
    static final Duration FLAPS_WAIT_MAX = Duration.ofSeconds(60);
    /** WaitForSmokeChecksToPass: the window and the uptime that count as "up and running". */
    static final Duration SMOKE_WINDOW = Duration.ofSeconds(10);
    /** ReleaseLease after a cancelled context. */
    static final Duration RELEASE_GRACE = Duration.ofMillis(500);

    private final DeployContext ctx;
    private final MachinesApi api;
    private final Clock clock;
    private final Tasks tasks;
    private Machine machine;
    private String leaseNonce;
    private Task<?> refresher;
    private boolean destroyed;

    /** NewLeasableMachine: wraps {@code machine}, holding {@code nonce} ("" for none). */
    LeasableMachine(DeployContext ctx, Machine machine, String nonce) {
        this.ctx = ctx;
        this.api = ctx.machines();
        this.clock = ctx.clock();
        this.tasks = ctx.tasks();
        this.machine = machine;
        this.leaseNonce = nonce == null ? "" : nonce;
    }

    /** A wrapper holding the lease a launch with a lease TTL created, if any. */
    static LeasableMachine launched(DeployContext ctx, Machine m) {
        return new LeasableMachine(ctx, m, m.leaseNonce().orElse(""));
    }

    synchronized Machine machine() {
        return machine;
    }

    String id() {
        return machine().id();
    }

    synchronized String nonce() {
        return leaseNonce;
    }

    boolean hasLease() {
        return !nonce().isEmpty();
    }

    boolean isDestroyed() {
        return destroyed;
    }

    /** FormattedMachineId: "id [group]". */
    String formattedMachineId() {
        Machine m = machine();
        return m.processGroup().isEmpty() ? m.id() : m.id() + " [" + m.processGroup() + "]";
    }

    // ---- leases ----

    void acquireLease(Duration ttl) {
        if (hasLease()) {
            return;
        }
        Lease lease = api.acquireLease(id(), ttl);
        synchronized (this) {
            leaseNonce = lease.nonce();
        }
    }

    void refreshLease(Duration ttl) {
        String nonce = nonce();
        Lease refreshed = api.refreshLease(id(), ttl, nonce);
        if (!refreshed.nonce().equals(nonce)) {
            throw Errors.error("unexpectedly received a new nonce when trying to refresh lease on machine " + id());
        }
    }

    /** StartBackgroundLeaseRefresh: a goroutine that sleeps, then refreshes, until cancelled. */
    void startBackgroundLeaseRefresh(Duration ttl, Duration delayBetween) {
        Task<?> t = Goroutines.go(tasks, "lease-refresh " + id(), () -> {
            refreshLeaseUntilCanceled(ttl, delayBetween);
            return null;
        });
        synchronized (this) {
            refresher = t;
        }
    }

    private void refreshLeaseUntilCanceled(Duration ttl, Duration delayBetween) {
        Backoff b = new Backoff(delayBetween.minusMillis(20), delayBetween.plusMillis(20), 2);
        while (true) {
            clock.sleep(b.next()); // a cancellation ends the goroutine here
            try {
                refreshLease(ttl);
            } catch (MachinesApiException.NotFound gone) {
                return; // machine is gone, no need to refresh its lease
            } catch (RuntimeException e) {
                if (Errors.isCancelled(e)) {
                    return;
                }
                ctx.steps().step(Steps.WARN, id(), "error refreshing lease for machine " + id() + ": " + Errors.message(e));
            }
        }
    }

    /** The refresh goroutine, if one runs; cancelled by {@link #releaseLease()}. */
    synchronized Task<?> refresher() {
        return refresher;
    }

    /**
     * ReleaseLease: stops the refresh loop, forgets the nonce and releases the lease; when the
     * caller was cancelled, allows 500 ms for the release.
     */
    void releaseLease() {
        releaseLease(tasks.cancelled());
    }

    /** ReleaseLease with the caller's cancellation decided by whoever started the release. */
    void releaseLease(boolean graceOnly) {
        String nonce;
        Task<?> r;
        synchronized (this) {
            nonce = leaseNonce;
            leaseNonce = "";
            r = refresher;
            refresher = null;
        }
        if (r != null) {
            Goroutines.stop(tasks, java.util.List.of(r));
        }
        if (nonce.isEmpty()) {
            return;
        }
        String id = id();
        if (!graceOnly) {
            api.releaseLease(id, nonce);
            return;
        }
        tasks.withoutCancel(() -> {
            Task<Goroutines.Outcome<Void>> release = Goroutines.go(tasks, "release-lease " + id, () -> {
                api.releaseLease(id, nonce);
                return null;
            });
            try {
                Goroutines.Outcome<Void> out = tasks.await(release, RELEASE_GRACE);
                if (!out.ok()) {
                    throw out.error();
                }
            } catch (DeadlineExceededException late) {
                release.cancel();
                throw Errors.error("releasing lease on machine " + id + ": context deadline exceeded");
            }
            return null;
        });
    }

    // ---- mutations ----

    void update(LaunchInput input) {
        if (destroyed) {
            throw Errors.error("error cannot update machine " + id() + " that was already destroyed");
        }
        if (!hasLease()) {
            throw Errors.error("no current lease for machine " + id());
        }
        Machine updated = api.update(new LaunchInput(Optional.of(id()), input.region(), input.config(), input.skipLaunch(),
                input.skipServiceRegistration(), input.leaseTtl(), input.requiresReplacement()), nonce());
        synchronized (this) {
            machine = updated;
        }
    }

    void stop(Optional<String> signal) {
        if (destroyed) {
            throw Errors.error("cannon stop machine " + id() + " that was already destroyed");
        }
        api.stop(id(), new StopInput(signal, Optional.empty()), nonce());
    }

    void destroy(boolean kill) {
        if (destroyed) {
            return;
        }
        api.destroy(id(), kill, nonce());
        destroyed = true;
    }

    void cordon() {
        if (destroyed) {
            throw Errors.error("cannon cordon machine " + id() + " that was already destroyed");
        }
        api.cordon(id(), nonce());
    }

    void setMetadata(String key, String value) {
        api.setMetadata(id(), key, value, nonce());
    }

    // ---- waits ----

    /**
     * WaitForState: polls flaps' wait endpoint for the machine's current instance until it reaches
     * {@code desired} or {@code timeout} passes.
     */
    void waitForState(MachineState desired, Duration timeout) {
        Instant deadline = clock.now().plus(timeout);
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 2);
        Machine m = machine();
        while (true) {
            Duration remaining = Duration.between(clock.now(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw Errors.error("timeout reached waiting for machine " + m.id() + " to reach state " + desired.apiName()
                        + " (waited " + timeout + "): you can try increasing the timeout with the --wait-timeout flag");
            }
            try {
                api.waitFor(m.id(), Optional.of(m.instanceId()), desired, min(remaining, FLAPS_WAIT_MAX));
                return;
            } catch (MachinesApiException.NotFound nf) {
                if (desired == MachineState.DESTROYED) {
                    return;
                }
                throw nf;
            } catch (MachinesApiException e) {
                sleepUntil(b.next(), deadline);
            }
        }
    }

    /**
     * machine.WaitForStartOrStop (bluegreen): like {@link #waitForState} for started or stopped,
     * with a fixed 60 s per request and any error retried until the timeout.
     */
    void waitForStartOrStop(String action, Duration timeout) {
        MachineState desired = switch (action) {
            case "start" -> MachineState.STARTED;
            case "stop" -> MachineState.STOPPED;
            default -> throw new IllegalArgumentException("action must be either start or stop");
        };
        Instant deadline = clock.now().plus(timeout);
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 2);
        Machine m = machine();
        while (true) {
            Duration remaining = Duration.between(clock.now(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw Errors.error("timeout reached waiting for machine to " + desired.apiName() + " context deadline exceeded");
            }
            try {
                api.waitFor(m.id(), Optional.of(m.instanceId()), desired, min(remaining, FLAPS_WAIT_MAX));
                return;
            } catch (MachinesApiException e) {
                sleepUntil(b.next(), deadline);
            }
        }
    }

    /**
     * WaitForSmokeChecksToPass: within a 10 s window, passes once the machine has been up for more
     * than 10 s without crash-looping, or when the window ends; fails only when the latest exit
     * event shows a crash loop.
     */
    void waitForSmokeChecksToPass() {
        Instant windowEnd = clock.now().plus(SMOKE_WINDOW);
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 2);
        while (true) {
            Machine m = null;
            RuntimeException err = null;
            try {
                m = api.get(id());
            } catch (MachinesApiException e) {
                err = e;
            }
            Instant now = clock.now();
            Duration uptime = Duration.ZERO;
            if (m != null) {
                Optional<Instant> startedAt = mostRecentStartTimeAfterLaunch(m);
                if (startedAt.isPresent()) {
                    uptime = Duration.between(startedAt.get(), now);
                }
            }
            boolean crashing = m != null && isConstantlyRestarting(m);
            if (uptime.compareTo(SMOKE_WINDOW) > 0 && !crashing) {
                return;
            }
            if (!now.isBefore(windowEnd)) {
                return; // the window ended without a crash loop: pass
            }
            if (err != null) {
                throw Errors.wrap("error getting machine " + id() + " from api", err);
            }
            if (crashing) {
                throw Errors.error("the app appears to be crashing");
            }
            sleepUntil(b.next(), windowEnd);
        }
    }

    /**
     * WaitForHealthchecksToPass: with no configured checks returns at once, else polls every
     * 1-2 s until every check passes (and there is at least one), up to {@code timeout}.
     */
    void waitForHealthchecksToPass(Duration timeout) {
        if (!machine().config().hasChecks()) {
            return;
        }
        Instant deadline = clock.now().plus(timeout);
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2);
        while (true) {
            if (!clock.now().isBefore(deadline)) {
                throw Errors.error("timeout reached waiting for health checks to pass for machine " + id()
                        + ": context deadline exceeded: you can try increasing the timeout with the --wait-timeout flag");
            }
            Machine m;
            try {
                m = api.get(id());
            } catch (MachinesApiException e) {
                throw Errors.wrap("error getting machine " + id() + " from api", e);
            }
            if (m.allChecksPassing()) {
                return;
            }
            sleepUntil(b.next(), deadline);
        }
    }

    /** GetMinIntervalAndMinGracePeriod: the smallest interval (at most 60 s) and grace (at most 1 s). */
    Duration[] minIntervalAndMinGracePeriod() {
        Duration interval = Duration.ofSeconds(60);
        Duration grace = Duration.ofSeconds(1);
        for (CheckDefinition c : machine().config().checks()) {
            if (c.interval().compareTo(interval) < 0) {
                interval = c.interval();
            }
            if (c.gracePeriod().compareTo(grace) < 0) {
                grace = c.gracePeriod();
            }
        }
        return new Duration[] {interval, grace};
    }

    /** fly-go's MostRecentStartTimeAfterLaunch: the newest start event not older than the newest launch. */
    static Optional<Instant> mostRecentStartTimeAfterLaunch(Machine m) {
        for (MachineEvent e : m.events()) { // newest first
            if (e.type().equals("start")) {
                return Optional.of(e.timestamp());
            }
            if (e.type().equals("launch")) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** isConstantlyRestarting: the latest exit event was unrequested, non-zero, restarting, restarted more than once. */
    static boolean isConstantlyRestarting(Machine m) {
        for (MachineEvent e : m.events()) {
            if (e.type().equals("exit")) {
                return !e.requested() && e.restarting() && e.restartCount() > 1 && e.exitCode() != 0;
            }
        }
        return false;
    }

    /** Sleeps {@code d}, but not past {@code deadline} (Go's select on time.After and ctx.Done()). */
    private void sleepUntil(Duration d, Instant deadline) {
        Duration left = Duration.between(clock.now(), deadline);
        clock.sleep(d.compareTo(left) < 0 ? d : left);
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return formattedMachineId();
    }
}
