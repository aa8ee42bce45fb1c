/*
 * Follows flyctl internal/machine/machine_set.go (master at #5108).
 * Divergences:
 *  M1 AcquireLeases' errgroup is a task group with one slot per machine that cancels on the first
 *    error; ReleaseLeases' WaitGroup is one without cancel-on-error.
 *  M2 ReleaseLeases runs with cancellation deferred (a cancelled Go context still lets each
 *    ReleaseLease try for 500 ms; a cancelled task could not even wait for its group).
 *  M3 Warnings ("failed to acquire lease: ...") become WARN steps.
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.deploy.GoDurations;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.machines.MachinesApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The machines of one deploy and the leases on them (legacy path): acquired on all machines before
 * any update, refreshed in the background, released at the end.
 */
final class MachineSet {
    private final DeployContext ctx;
    private final Tasks tasks;
    private final List<LeasableMachine> machines;

    MachineSet(DeployContext ctx, List<LeasableMachine> machines) {
        this.ctx = ctx;
        this.tasks = ctx.tasks();
        this.machines = new ArrayList<>(machines);
    }

    List<LeasableMachine> getMachines() {
        return List.copyOf(machines);
    }

    boolean isEmpty() {
        return machines.isEmpty();
    }

    /**
     * AcquireLeases: acquires on every machine concurrently, the first failure cancelling the
     * others; on failure releases the ones obtained and returns that first error.
     */
    void acquireLeases(Duration ttl) {
        ctx.steps().step(Steps.ACQUIRE_LEASES, null, machines.size() + " machines, ttl " + GoDurations.format(ttl));
        if (machines.isEmpty()) {
            return;
        }
        TaskGroup g = tasks.group("acquireLeases", machines.size(), true);
        for (LeasableMachine m : machines) {
            g.go("acquireLease " + m.id(), () -> {
                m.acquireLease(ttl);
                return null;
            });
        }
        RuntimeException failure = null;
        try {
            g.await();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            ctx.steps().step(Steps.WARN, null, "failed to acquire lease: " + Errors.message(failure));
            releaseLeases();
            throw failure;
        }
    }

    /** ReleaseLeases: releases every lease held concurrently; failures are warnings. */
    void releaseLeases() {
        ctx.steps().step(Steps.RELEASE_LEASES, null, machines.size() + " machines");
        if (machines.isEmpty()) {
            return;
        }
        boolean contextWasAlreadyCanceled = tasks.cancelled();
        tasks.withoutCancel(() -> {
            TaskGroup g = tasks.group("releaseLeases", machines.size(), false);
            for (LeasableMachine m : machines) {
                g.go("releaseLease " + m.id(), () -> {
                    m.releaseLease(contextWasAlreadyCanceled);
                    return null;
                });
            }
            try {
                g.await();
            } catch (RuntimeException e) {
                for (Throwable t : g.errors()) {
                    if (!(t instanceof MachinesApiException.NotFound)) { // expected for machines destroyed meanwhile
                        ctx.steps().step(Steps.WARN, null, "failed to release lease: " + Errors.message(t));
                    }
                }
            }
            return null;
        });
    }

    /** StartBackgroundLeaseRefresh on every machine. */
    void startBackgroundLeaseRefresh(Duration ttl, Duration delayBetween) {
        ctx.steps().step(Steps.START_BACKGROUND_LEASE_REFRESH, null, "every " + GoDurations.format(delayBetween));
        for (LeasableMachine m : machines) {
            m.startBackgroundLeaseRefresh(ttl, delayBetween);
        }
    }

    /** RemoveMachines: releases the leases of {@code toRemove} and drops them from the set. */
    void removeMachines(List<LeasableMachine> toRemove) {
        for (LeasableMachine m : toRemove) {
            m.releaseLease();
            machines.remove(m);
        }
    }
}
