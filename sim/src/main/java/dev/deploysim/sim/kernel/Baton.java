package dev.deploysim.sim.kernel;

import dev.deploysim.model.SuppressForbidden;
import java.util.concurrent.locks.LockSupport;

/**
 * The right to run: exactly one thread holds it at a time. Handing it over is one volatile
 * write and one unpark; waiting for it is a park loop. The volatile write of {@link #holder}
 * before the unpark and its read after the park give every hand-off a happens-before edge, so
 * simulation state needs no other synchronisation.
 */
final class Baton {

    private volatile Holder holder;
    private final Carrier carrier;

    Baton(Carrier carrier) {
        this.carrier = carrier;
    }

    Holder holder() {
        return holder;
    }

    /** Makes {@code next} the holder and wakes its thread (starting it on its first turn). */
    @SuppressForbidden(reason = "starts a process thread; it runs only while it holds the baton")
    void handTo(Holder next) {
        holder = next;
        if (next.thread == null) {
            // Publish the thread before starting it, so that no later hand-over sees null and
            // launches the process a second time.
            Thread t = next.launch();
            next.thread = t;
            t.start();
        } else if (!next.drives || carrier.drainerParked()) {
            // A driver not parked is the carrier running this very thread: it will see the
            // baton as soon as the caller parks, so waking it would only leave a stray permit.
            LockSupport.unpark(next.thread);
        }
    }

    /** Sets the holder without waking anyone: used by the thread that already runs. */
    void claim(Holder self) {
        holder = self;
    }

    /**
     * Blocks the calling thread until {@code self} holds the baton; a driver meanwhile carries
     * the kernel's process threads.
     */
    void awaitTurn(Holder self) {
        if (self.drives) {
            carrier.driveUntil(this, self);
            return;
        }
        while (holder != self) {
            LockSupport.park(this);
        }
    }
}
