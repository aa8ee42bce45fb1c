package dev.deploysim.strategies.fleet;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The instances a controller is terminating, each in its own task: lease, optionally take it out of
 * routing and let it drain, stop it gracefully (its kill signal, then its kill timeout), and destroy
 * it. A controller counts an instance as gone from the moment it starts terminating it, as the
 * platforms do (a terminating pod, an allocation being stopped, a draining task never count towards
 * the replicas or the healthy count), and does not wait for the termination to finish.
 *
 * <p>A termination that cannot start (the lease is held by someone else, the host is unreachable)
 * hands the instance back: it no longer counts as terminating, and the controller's next sync
 * decides again.
 */
public final class Terminations {

    /**
     * How an instance leaves.
     *
     * @param deregisterFirst cordon it (remove it from routing) before anything else: ECS
     *     deregistering a task from its target group, Nomad deregistering an allocation's services
     * @param drain how long to let requests in flight finish after the cordon, before the stop
     */
    public record Spec(boolean deregisterFirst, Duration drain) {
        /** Stop at once: the kill signal and the route removal start together (a Kubernetes pod deletion). */
        public static Spec stopAtOnce() {
            return new Spec(false, Duration.ZERO);
        }
    }

    /** Beyond the machine's kill timeout, how long to wait for a stopped machine before killing it. */
    static final Duration STOP_WAIT_MARGIN = Duration.ofSeconds(10);

    private final DeployContext ctx;
    private final MachinesApi api;
    private final Tasks tasks;
    private final String stepName;
    private final TreeMap<String, Task<Void>> running = new TreeMap<>();
    private final TreeSet<String> finished = new TreeSet<>();
    private final List<String> failures = new ArrayList<>();

    /**
     * @param stepName the step recorded when a termination starts (the platform's word:
     *     {@code deletePod}, {@code stopAllocation}, {@code stopTask}, ...)
     */
    public Terminations(DeployContext ctx, String stepName) {
        this.ctx = ctx;
        this.api = ctx.machines();
        this.tasks = ctx.tasks();
        this.stepName = stepName;
    }

    /** Starts terminating {@code m} unless it already is (or was); returns at once. */
    public synchronized void start(Machine m, Spec spec, String reason) {
        String id = m.id();
        if (running.containsKey(id) || finished.contains(id)) {
            return;
        }
        ctx.steps().step(stepName, id, reason);
        running.put(id, tasks.fork("terminate " + id, () -> {
            terminate(m, spec);
            return null;
        }));
    }

    /** Whether {@code id} is being terminated or was terminated by this controller. */
    public synchronized boolean isTerminating(String id) {
        return running.containsKey(id) || finished.contains(id);
    }

    /** Terminations started and not yet finished. */
    public synchronized int inFlight() {
        return running.size();
    }

    /**
     * How many terminations have given up so far. A controller that saw none in flight and this
     * count unchanged across a sync knows that every instance it removed is gone.
     */
    public synchronized int handBacks() {
        return failures.size();
    }

    /** Why terminations that had to give up did so, oldest first. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until every termination started has finished (also when the deploy is cancelled). */
    public void awaitAll() {
        while (true) {
            List<Task<Void>> pending;
            synchronized (this) {
                pending = new ArrayList<>(running.values());
            }
            if (pending.isEmpty()) {
                return;
            }
            tasks.withoutCancel(() -> {
                for (Task<Void> t : pending) {
                    try {
                        tasks.await(t, Tasks.FOREVER);
                    } catch (RuntimeException ignored) {
                        // terminate() reports its own failures
                    }
                }
                return null;
            });
            synchronized (this) {
                running.values().removeIf(Task::isDone);
            }
        }
    }

    private void terminate(Machine m, Spec spec) {
        String id = m.id();
        HeldLease lease;
        try {
            lease = HeldLease.acquire(ctx, id, HeldLease.TTL);
        } catch (MachinesApiException e) {
            handBack(id, "lease: " + e.getMessage());
            return;
        } catch (CancelledException e) {
            handBack(id, "cancelled");
            return;
        }
        boolean gone = false;
        boolean cordoned = false;
        boolean stopRequested = false;
        try {
            if (spec.deregisterFirst() && m.config().hasServices()) {
                api.cordon(id, lease.nonce());
                cordoned = true;
            }
            if (spec.drain().isPositive()) {
                ctx.clock().sleep(spec.drain());
            }
            boolean stopped = !Instances.isRunning(api.get(id));
            if (!stopped) {
                stopRequested = true;
                api.stop(id, StopInput.defaults(), lease.nonce());
                try {
                    api.waitFor(id, Optional.empty(), MachineState.STOPPED, m.config().killTimeout().plus(STOP_WAIT_MARGIN));
                    stopped = true;
                } catch (MachinesApiException.Timeout slow) {
                    // killed by the forced destroy below
                }
            }
            api.destroy(id, !stopped, lease.nonce());
            gone = true;
        } catch (MachinesApiException.NotFound vanished) {
            gone = true;
        } catch (CancelledException e) {
            if (cordoned && !stopRequested) {
                uncordon(id, lease.nonce()); // a cancelled drain puts the instance back in service
            }
            handBack(id, "cancelled");
            return;
        } catch (MachinesApiException e) {
            handBack(id, e.getMessage());
            return;
        } finally {
            if (gone) {
                lease.dropped();
            } else {
                lease.release();
            }
        }
        synchronized (this) {
            finished.add(id);
            running.remove(id);
        }
    }

    private void uncordon(String id, String nonce) {
        tasks.withoutCancel(() -> {
            try {
                api.uncordon(id, nonce);
            } catch (MachinesApiException e) {
                ctx.steps().step("warn", id, "could not put the instance back in service: " + e.getMessage());
            }
            return null;
        });
    }

    private synchronized void handBack(String id, String why) {
        failures.add(id + ": " + why);
        ctx.steps().step("warn", id, "termination stopped: " + why);
        running.remove(id);
    }
}
