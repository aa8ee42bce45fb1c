package dev.deploysim.strategies.surge;

import dev.deploysim.model.concurrent.TaskBody;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineEvent;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import dev.deploysim.strategies.fleet.GroupPlan;
import dev.deploysim.strategies.fleet.HeldLease;
import dev.deploysim.strategies.fleet.Instances;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The replacement of one old machine: lease it, launch its replacement, wait until the proxy must
 * route to the replacement, cordon the old machine, let it drain while watching the replacement,
 * then stop and destroy it. Until the old machine is stopped, any failure (or a cancellation) puts
 * it back in service and removes the replacement; once it is stopped, it is finished off.
 */
final class Replacement {
    /** How often the waits poll the replacement: finer than the 1–2 s of flyctl, so a short loss of checks is seen. */
    static final Duration POLL = Duration.ofMillis(500);
    /** Attempts of one call on a transient error or timeout, 1 s apart. */
    static final int ATTEMPTS = 3;
    /** Pause between launch attempts refused for capacity or a transient error. */
    static final Duration LAUNCH_RETRY = Duration.ofSeconds(2);
    /** Beyond the old machine's kill timeout, how long to wait for it to stop before killing it. */
    static final Duration STOP_WAIT_MARGIN = Duration.ofSeconds(10);
    /** How long to wait for a destroyed machine to be gone. */
    static final Duration DESTROY_WAIT = Duration.ofSeconds(30);

    private final DeployContext ctx;
    private final MachinesApi api;
    private final GroupPlan plan;
    private final Machine old;
    private final SurgeRollingStrategy.Settings settings;
    private final TreeSet<String> claimed;
    private HeldLease lease;
    private String replacementId;
    private boolean cordoned;
    private boolean stopRequested;
    private boolean oldGone;

    /**
     * @param claimed the replacements launched so far in this deploy (shared), so that a launch whose
     *     answer timed out adopts a machine nobody else adopted
     */
    Replacement(DeployContext ctx, GroupPlan plan, Machine old, SurgeRollingStrategy.Settings settings, TreeSet<String> claimed) {
        this.ctx = ctx;
        this.api = ctx.machines();
        this.plan = plan;
        this.old = old;
        this.settings = settings;
        this.claimed = claimed;
    }

    void run() {
        try {
            lease = HeldLease.acquire(ctx, old.id(), HeldLease.TTL);
        } catch (MachinesApiException e) {
            throw new DeployException("machine " + old.id() + ": " + e.getMessage(), e);
        }
        try {
            Instant deadline = ctx.clock().now().plus(settings.waitTimeout());
            launchReplacement(deadline);
            waitUntilRouted(deadline);
            while (true) {
                step(SurgeRollingStrategy.CORDON_OLD, old.id(), "replacement " + replacementId + " routed");
                call(() -> {
                    api.cordon(old.id(), lease.nonce());
                    return null;
                });
                cordoned = true;
                if (drain()) {
                    break;
                }
                waitUntilRouted(deadline);
            }
            retireOld();
            step(SurgeRollingStrategy.REPLACED, old.id(), "by " + replacementId);
        } catch (RuntimeException e) {
            cleanUp(e);
            throw e;
        } finally {
            if (oldGone) {
                lease.dropped();
            } else {
                lease.release();
            }
        }
    }

    private void launchReplacement(Instant deadline) {
        step(SurgeRollingStrategy.LAUNCH_REPLACEMENT, old.id(), plan.target().image());
        while (true) {
            try {
                Machine r = api.launch(LaunchInput.launch(old.region(), plan.target()));
                claim(r.id());
                break;
            } catch (MachinesApiException.Timeout unknown) {
                // the platform may have launched it anyway: adopt it rather than launch a second one
                Optional<String> adopted = adoptUnclaimed();
                if (adopted.isPresent()) {
                    break;
                }
            } catch (MachinesApiException e) {
                if (!(e instanceof MachinesApiException.Transient || e instanceof MachinesApiException.CapacityExhausted)
                        || !ctx.clock().now().isBefore(deadline)) {
                    throw new DeployException("launching a replacement for " + old.id() + ": " + e.getMessage(), e);
                }
            }
            if (!ctx.clock().now().isBefore(deadline)) {
                throw new DeployException("launching a replacement for " + old.id() + ": timed out");
            }
            ctx.clock().sleep(LAUNCH_RETRY);
        }
        step(SurgeRollingStrategy.REPLACEMENT_LAUNCHED, replacementId, "replaces " + old.id());
    }

    private void claim(String id) {
        synchronized (claimed) {
            claimed.add(id);
        }
        replacementId = id;
    }

    private Optional<String> adoptUnclaimed() {
        List<Machine> all;
        try {
            all = api.list();
        } catch (MachinesApiException e) {
            return Optional.empty();
        }
        synchronized (claimed) {
            for (Machine m : all) {
                boolean fromThisDeploy = !plan.warmIds().contains(m.id()) && !plan.coldIds().contains(m.id());
                if (m.processGroup().equals(plan.group()) && fromThisDeploy && Instances.runs(m, plan.target())
                        && Instances.isActive(m) && !claimed.contains(m.id())) {
                    claim(m.id());
                    return Optional.of(m.id());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until the replacement has passed every check continuously for routeWait (the proxy's
     * propagation has then had routeWait to learn of it), restarting the wait whenever it stops
     * passing or restarts; fails when it dies or {@code deadline} passes.
     */
    private void waitUntilRouted(Instant deadline) {
        step(SurgeRollingStrategy.WAIT_FOR_REPLACEMENT, replacementId, "checks, then " + settings.routeWait().toSeconds() + "s");
        Instant readySince = null;
        Optional<Instant> startedAt = Optional.empty();
        while (true) {
            Machine r = getReplacement();
            Instant now = ctx.clock().now();
            Optional<Instant> start = lastStart(r);
            if (Instances.isReady(r) && (readySince == null || start.equals(startedAt))) {
                if (readySince == null) {
                    readySince = now;
                    startedAt = start;
                    step(SurgeRollingStrategy.REPLACEMENT_READY, replacementId, "checks passing");
                }
                if (!now.isBefore(readySince.plus(settings.routeWait()))) {
                    step(SurgeRollingStrategy.REPLACEMENT_ROUTED, replacementId, "checks passing for " + settings.routeWait().toSeconds() + "s");
                    return;
                }
            } else {
                readySince = null;
            }
            if (!now.isBefore(deadline)) {
                throw new DeployException("replacement " + replacementId + " for " + old.id() + " did not pass its checks for "
                        + settings.routeWait().toSeconds() + "s within " + settings.waitTimeout().toSeconds() + "s");
            }
            ctx.clock().sleep(POLL);
        }
    }

    /**
     * Lets the cordoned old machine drain for drainWait while watching the replacement; false (and
     * the old machine back in service) if the replacement stopped passing its checks meanwhile.
     */
    private boolean drain() {
        step(SurgeRollingStrategy.DRAIN_OLD, old.id(), settings.drainWait().toSeconds() + "s");
        Instant end = ctx.clock().now().plus(settings.drainWait());
        Machine first = getReplacement();
        Optional<Instant> startedAt = lastStart(first);
        while (ctx.clock().now().isBefore(end)) {
            Duration left = Duration.between(ctx.clock().now(), end);
            ctx.clock().sleep(left.compareTo(POLL) < 0 ? left : POLL);
            Machine r = getReplacement();
            if (!Instances.isReady(r) || !lastStart(r).equals(startedAt)) {
                step(SurgeRollingStrategy.UNCORDON_OLD, old.id(), "replacement " + replacementId + " stopped passing its checks");
                uncordonOld();
                return false;
            }
        }
        return true;
    }

    private void retireOld() {
        stopRequested = true;
        step(SurgeRollingStrategy.STOP_OLD, old.id(), "");
        boolean stopped = false;
        try {
            call(() -> {
                api.stop(old.id(), StopInput.defaults(), lease.nonce());
                return null;
            });
        } catch (MachinesApiException.InvalidState notRunning) {
            // a retried stop finds it stopping, or it had already stopped
        }
        try {
            api.waitFor(old.id(), Optional.empty(), MachineState.STOPPED, old.config().killTimeout().plus(STOP_WAIT_MARGIN));
            stopped = true;
        } catch (MachinesApiException.Timeout slow) {
            // killed by the forced destroy
        }
        destroyOld(!stopped);
    }

    private void destroyOld(boolean force) {
        step(SurgeRollingStrategy.DESTROY_OLD, old.id(), force ? "forced" : "");
        try {
            call(() -> {
                api.destroy(old.id(), force, lease.nonce());
                return null;
            });
        } catch (MachinesApiException.NotFound gone) {
            // destroyed by the first attempt
        }
        oldGone = true;
        // the next replacement may start only once this machine no longer exists: n + surge holds for destroying ones too
        try {
            api.waitFor(old.id(), Optional.empty(), MachineState.DESTROYED, DESTROY_WAIT);
        } catch (MachinesApiException e) {
            // gone (NotFound) or slow: either way nothing more to do for it
        }
    }

    private void uncordonOld() {
        call(() -> {
            api.uncordon(old.id(), lease.nonce());
            return null;
        });
        cordoned = false;
    }

    /**
     * After a failure or a cancellation: an old machine not yet stopped goes back in service and,
     * once the proxy has had routeWait to learn that, the replacement is destroyed; an old machine
     * already stopped is destroyed (its replacement keeps serving).
     */
    private void cleanUp(RuntimeException cause) {
        ctx.tasks().withoutCancel(() -> {
            try {
                if (!stopRequested) {
                    if (cordoned) {
                        step(SurgeRollingStrategy.UNCORDON_OLD, old.id(), "deploy failed: " + cause.getMessage());
                        uncordonOld();
                        if (replacementId != null) {
                            // a cancellation stopped the lease's refresher; routeWait may exceed its TTL
                            lease.holdFor(settings.routeWait());
                        }
                    }
                    if (replacementId != null) {
                        step(SurgeRollingStrategy.DESTROY_REPLACEMENT, replacementId, "it never took over from " + old.id());
                        call(() -> {
                            api.destroy(replacementId, true, "");
                            return null;
                        });
                    }
                } else if (!oldGone) {
                    destroyOld(true);
                }
            } catch (MachinesApiException e) {
                step("warn", old.id(), "cleaning up after a failed replacement: " + e.getMessage());
            }
            return null;
        });
    }

    private Machine getReplacement() {
        Machine r;
        try {
            r = call(() -> api.get(replacementId));
        } catch (MachinesApiException.NotFound gone) {
            throw new DeployException("replacement " + replacementId + " for " + old.id() + " is gone", gone);
        }
        if (!Instances.isActive(r)) {
            throw new DeployException("replacement " + replacementId + " for " + old.id() + " is " + r.state().apiName());
        }
        return r;
    }

    /** When the replacement's current run began (its latest start event): a restart resets the waits. */
    private static Optional<Instant> lastStart(Machine m) {
        for (MachineEvent e : m.events()) {
            if (e.type().equals("start")) {
                return Optional.of(e.timestamp());
            }
        }
        return Optional.empty();
    }

    /** Runs {@code body}, again up to twice, 1 s apart, on a transient error or a timeout. */
    private <T> T call(TaskBody<T> body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return body.run();
            } catch (MachinesApiException.Transient | MachinesApiException.Timeout e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                ctx.clock().sleep(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void step(String step, String machineId, String detail) {
        ctx.steps().step(step, machineId, plan.group() + ": " + detail);
    }
}
