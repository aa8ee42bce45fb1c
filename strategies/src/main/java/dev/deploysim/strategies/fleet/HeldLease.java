package dev.deploysim.strategies.fleet;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import java.time.Duration;

/**
 * A machine lease the deploy holds while it changes one machine: acquired before the first
 * mutation, kept alive by a background task that refreshes it every third of its TTL (flyctl's
 * rhythm), and released at the end, or given up when the machine is destroyed (the platform drops
 * a destroyed machine's lease). The other platforms have no leases; on fly they keep a concurrent
 * deploy or operator from changing the machine the port is terminating.
 */
public final class HeldLease {
    /** The TTL the ports ask for; refreshed every 10 s, so a stalled deploy frees the machine within 30 s. */
    public static final Duration TTL = Duration.ofSeconds(30);
    /** Attempts to release a lease on a transient error, 1 s apart. */
    static final int RELEASE_ATTEMPTS = 3;

    private final MachinesApi api;
    private final Clock clock;
    private final Tasks tasks;
    private final String machineId;
    private final String nonce;
    private final Duration ttl;
    private Task<Void> refresher;

    private HeldLease(DeployContext ctx, String machineId, String nonce, Duration ttl) {
        this.api = ctx.machines();
        this.clock = ctx.clock();
        this.tasks = ctx.tasks();
        this.machineId = machineId;
        this.nonce = nonce;
        this.ttl = ttl;
    }

    /**
     * Acquires the lease on {@code machineId} and starts refreshing it.
     *
     * @throws MachinesApiException when the platform refuses (another holder, host unreachable, ...)
     */
    public static HeldLease acquire(DeployContext ctx, String machineId, Duration ttl) {
        Lease lease = ctx.machines().acquireLease(machineId, ttl);
        HeldLease held = new HeldLease(ctx, machineId, lease.nonce(), ttl);
        held.refresher = ctx.tasks().fork("lease-refresh " + machineId, () -> {
            held.refreshUntilStopped();
            return null;
        });
        return held;
    }

    public String machineId() {
        return machineId;
    }

    /** The nonce every mutation of the machine carries. */
    public String nonce() {
        return nonce;
    }

    private void refreshUntilStopped() {
        Duration every = ttl.dividedBy(3);
        try {
            while (true) {
                clock.sleep(every);
                try {
                    api.refreshLease(machineId, ttl, nonce);
                } catch (MachinesApiException.NotFound | MachinesApiException.LeaseNotFound gone) {
                    return; // the machine or the lease went away: nothing left to keep alive
                } catch (MachinesApiException transientOrOther) {
                    // the next round tries again; the TTL leaves two more chances
                }
            }
        } catch (CancelledException stopped) {
            // released or dropped
        }
    }

    /**
     * Stops refreshing and releases the lease, also after the deploy was cancelled; a lease that
     * expired or whose machine is gone needs no release.
     */
    public void release() {
        stopRefreshing();
        tasks.withoutCancel(() -> {
            for (int attempt = 1; attempt <= RELEASE_ATTEMPTS; attempt++) {
                try {
                    api.releaseLease(machineId, nonce);
                    return null;
                } catch (MachinesApiException.NotFound | MachinesApiException.LeaseNotFound gone) {
                    return null;
                } catch (MachinesApiException e) {
                    if (attempt == RELEASE_ATTEMPTS) {
                        return null; // it expires within the TTL
                    }
                    clock.sleep(Duration.ofSeconds(1));
                }
            }
            return null;
        });
    }

    /**
     * Waits {@code d} while keeping the lease alive: the background refresher is a child of the
     * task that acquired the lease, so a cancellation stops it, and cleanup that then waits longer
     * than the TTL before releasing (or using the nonce) must refresh by hand.
     */
    public void holdFor(Duration d) {
        Task<Void> r = refresher;
        if (r != null && !r.isDone()) {
            clock.sleep(d);
            return;
        }
        Duration every = ttl.dividedBy(3);
        Duration left = d;
        while (left.isPositive()) {
            try {
                api.refreshLease(machineId, ttl, nonce);
            } catch (MachinesApiException.NotFound | MachinesApiException.LeaseNotFound gone) {
                clock.sleep(left);
                return;
            } catch (MachinesApiException transientOrOther) {
                // the next round tries again, as the refresher does
            }
            Duration slice = left.compareTo(every) < 0 ? left : every;
            clock.sleep(slice);
            left = left.minus(slice);
        }
    }

    /** Stops refreshing a lease that went with its destroyed machine. */
    public void dropped() {
        stopRefreshing();
    }

    private void stopRefreshing() {
        Task<Void> r = refresher;
        if (r == null) {
            return;
        }
        refresher = null;
        r.cancel();
        tasks.withoutCancel(() -> {
            try {
                tasks.await(r, Tasks.FOREVER);
            } catch (RuntimeException ignored) {
                // a cancelled refresher has nothing to report
            }
            return null;
        });
    }
}
