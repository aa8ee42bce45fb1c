package dev.deploysim.sim.platform;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineEvent;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.kernel.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The world's mutable record of one machine. Only {@link World} changes it, always from the one
 * thread that holds the kernel's baton.
 */
final class SimMachine {

    /** A held lease; {@code expiry} is the event that expires it. */
    record LeaseState(String owner, String nonce, long expiresAtNanos, Event expiry) {
    }

    /** Per-check bookkeeping: status, the pending run (if any) and the newest run whose result was applied. */
    static final class CheckState {
        final CheckDefinition definition;
        CheckStatus.Status status = CheckStatus.Status.CRITICAL;
        Event pendingRun;
        long runs;
        long appliedRun;
        /** When this check last turned passing; -1 before it ever did. */
        long passedAtNanos = -1;

        CheckState(CheckDefinition definition) {
            this.definition = definition;
        }
    }

    final String id;
    final String region;
    final long createdAtNanos;
    MachineConfig config;
    String instanceId;
    MachineState state;
    HostStatus hostStatus = HostStatus.OK;
    boolean serviceRegistered;
    boolean cordoned;
    boolean dnsRegistered;
    /** Whether the app of the current version answers requests now. */
    boolean appReady;
    /**
     * True while an in-place update prepares the new image and the old version, not yet
     * signalled, still runs ({@link PlatformConfig#pullBeforeStop()}): the machine is
     * {@code replacing} to the API, but its app, checks and routing are the old version's.
     */
    boolean oldVersionRunning;
    /** When the current run reached {@code started}; the origin of the check schedule. */
    long startedAtNanos;
    /** Checks in config order. */
    final Map<String, CheckState> checks = new LinkedHashMap<>();
    LeaseState lease;
    /** Oldest first; the API shows them newest first. */
    final List<MachineEvent> events = new ArrayList<>();
    /** Images already on this machine's host: only the first boot of an image pulls it. */
    final TreeSet<String> pulledImages = new TreeSet<>();
    /** Restarts after crashes of the current instance. */
    int restartCount;
    /**
     * Bumped by every lifecycle transition: a scheduled step (boot done, stop done, app ready)
     * carries the epoch it was scheduled in and does nothing if the machine moved on since.
     */
    long epoch;
    /** Callbacks run after any change of this machine (waiters of {@code waitFor}, lease-hold faults). */
    final List<Runnable> watchers = new ArrayList<>(1);

    SimMachine(String id, String region, long createdAtNanos, MachineConfig config, String instanceId,
               MachineState state) {
        this.id = id;
        this.region = region;
        this.createdAtNanos = createdAtNanos;
        this.config = config;
        this.instanceId = instanceId;
        this.state = state;
        resetChecks();
    }

    /** Rebuilds the check table from the config, every check critical (nothing has run yet). */
    void resetChecks() {
        for (CheckState c : checks.values()) {
            if (c.pendingRun != null) {
                c.pendingRun.cancel();
            }
        }
        checks.clear();
        for (CheckDefinition d : config.checks()) {
            checks.put(d.name(), new CheckState(d));
        }
    }

    boolean isDestroyed() {
        return state == MachineState.DESTROYED;
    }

    /** Whether every service check passes (vacuously true without service checks). */
    boolean serviceChecksPassing() {
        for (CheckState c : checks.values()) {
            if (c.definition.serviceCheck() && c.status != CheckStatus.Status.PASSING) {
                return false;
            }
        }
        return true;
    }

    /** The machine's current checks as the API reports them, in config order. */
    List<CheckStatus> checkStatuses() {
        List<CheckStatus> out = new ArrayList<>(checks.size());
        for (CheckState c : checks.values()) {
            out.add(new CheckStatus(c.definition.name(), c.definition.serviceCheck(), c.status));
        }
        return out;
    }

    @Override
    public String toString() {
        return id + "[" + state.apiName() + " " + config.image() + "]";
    }
}
