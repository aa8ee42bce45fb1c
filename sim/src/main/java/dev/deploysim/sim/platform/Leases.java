package dev.deploysim.sim.platform;

import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.kernel.Event;
import dev.deploysim.sim.observe.Observation.LeaseChange;
import dev.deploysim.sim.observe.Observation.LeaseChanged;

/**
 * Machine leases (docs/model.md section 4): acquire, refresh, release and expiry, and the
 * platform's nonce rule for mutations. A lease lives on its {@link SimMachine}; this class is
 * the only one that changes it.
 */
final class Leases {
    private final World world;

    Leases(World world) {
        this.world = world;
    }

    /** The live lease of {@code m}, expiring it first if its time has come. */
    SimMachine.LeaseState live(SimMachine m) {
        SimMachine.LeaseState l = m.lease;
        if (l != null && world.nowNanos() >= l.expiresAtNanos()) {
            expire(m, l);
            return null;
        }
        return l;
    }

    private void expire(SimMachine m, SimMachine.LeaseState l) {
        if (m.lease != l) {
            return;
        }
        l.expiry().cancel();
        m.lease = null;
        world.emit(new LeaseChanged(world.nowNanos(), m.id, LeaseChange.EXPIRED, l.owner(), l.nonce(), l.expiresAtNanos()));
        world.notifyWatchers(m);
    }

    /** Who holds {@code m}'s lease now, empty if nobody. */
    String holder(SimMachine m) {
        SimMachine.LeaseState l = live(m);
        return l == null ? "" : l.owner();
    }

    /** Gives {@code m} a new lease of {@code owner} for {@code ttlNanos}, whoever held it before. */
    Lease grant(SimMachine m, String owner, long ttlNanos) {
        String nonce = World.hex(world.stream(World.STREAM_LEASE_NONCE).nextLong(), 16)
                + World.hex(world.stream(World.STREAM_LEASE_NONCE).nextLong(), 16);
        long expiresAt = world.nowNanos() + ttlNanos;
        m.lease = schedule(m, owner, nonce, expiresAt);
        world.emit(new LeaseChanged(world.nowNanos(), m.id, LeaseChange.ACQUIRED, owner, nonce, expiresAt));
        return new Lease(m.id, nonce, owner, World.instant(expiresAt));
    }

    Lease acquire(SimMachine m, String owner, long ttlNanos) {
        SimMachine.LeaseState l = live(m);
        if (l != null) {
            throw new MachinesApiException.LeaseHeld(m.id, l.owner());
        }
        return grant(m, owner, ttlNanos);
    }

    /** Extends the live lease whose nonce is {@code nonce}; the nonce stays the same. */
    Lease refresh(SimMachine m, String nonce, long ttlNanos) {
        SimMachine.LeaseState l = live(m);
        if (l == null || !l.nonce().equals(nonce)) {
            throw new MachinesApiException.LeaseNotFound(m.id);
        }
        l.expiry().cancel();
        long expiresAt = world.nowNanos() + ttlNanos;
        m.lease = schedule(m, l.owner(), l.nonce(), expiresAt);
        world.emit(new LeaseChanged(world.nowNanos(), m.id, LeaseChange.REFRESHED, l.owner(), l.nonce(), expiresAt));
        return new Lease(m.id, l.nonce(), l.owner(), World.instant(expiresAt));
    }

    void release(SimMachine m, String nonce) {
        SimMachine.LeaseState l = live(m);
        if (l == null || !l.nonce().equals(nonce)) {
            throw new MachinesApiException.LeaseNotFound(m.id);
        }
        l.expiry().cancel();
        m.lease = null;
        world.emit(new LeaseChanged(world.nowNanos(), m.id, LeaseChange.RELEASED, l.owner(), l.nonce(), l.expiresAtNanos()));
        world.notifyWatchers(m);
    }

    /** A destroyed machine's lease goes with it. */
    void drop(SimMachine m) {
        SimMachine.LeaseState l = m.lease;
        if (l == null) {
            return;
        }
        l.expiry().cancel();
        m.lease = null;
        world.emit(new LeaseChanged(world.nowNanos(), m.id, LeaseChange.DROPPED, l.owner(), l.nonce(), l.expiresAtNanos()));
    }

    /**
     * The platform's lease rule for a mutation carrying {@code nonce}: with a live lease the
     * nonce must be its nonce (else "lease currently held by"); without one, a mutation without
     * a nonce is allowed and one with a nonce names a lease that no longer exists.
     */
    void requireFor(SimMachine m, String nonce) {
        SimMachine.LeaseState l = live(m);
        boolean hasNonce = nonce != null && !nonce.isEmpty();
        if (l != null) {
            if (!hasNonce || !l.nonce().equals(nonce)) {
                throw new MachinesApiException.LeaseHeld(m.id, l.owner());
            }
        } else if (hasNonce) {
            throw new MachinesApiException.LeaseNotFound(m.id);
        }
    }

    private SimMachine.LeaseState schedule(SimMachine m, String owner, String nonce, long expiresAt) {
        SimMachine.LeaseState[] holder = new SimMachine.LeaseState[1];
        Event expiry = world.kernel().schedule(expiresAt, "lease expiry ", m.id, () -> expire(m, holder[0]));
        holder[0] = new SimMachine.LeaseState(owner, nonce, expiresAt, expiry);
        return holder[0];
    }
}
