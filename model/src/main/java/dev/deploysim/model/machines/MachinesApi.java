package dev.deploysim.model.machines;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Machines API as a strategy sees it, bound to one app and one caller (the lease owner).
 * Operations mirror flaps: every mutation of an existing machine carries the caller's lease
 * nonce, and every call may throw a {@link MachinesApiException}. Calls block the calling task
 * for the API's latency.
 */
public interface MachinesApi {

    /** Every machine of the app that is not destroyed, sorted by ID. */
    List<Machine> list();

    /** One machine. */
    Machine get(String machineId);

    /** Creates (and unless {@code skipLaunch}, starts) a machine; returns it as created. */
    Machine launch(LaunchInput input);

    /**
     * Updates machine {@code input.id()} in place: the old version is stopped with its kill
     * signal and timeout, then the new one boots (unless the machine was not started before).
     * Returns once the platform accepted the update, not when the machine is up.
     */
    Machine update(LaunchInput input, String nonce);

    void start(String machineId, String nonce);

    void stop(String machineId, StopInput input, String nonce);

    /** Destroys a machine; {@code force} kills it instead of stopping it gracefully. */
    void destroy(String machineId, boolean force, String nonce);

    /**
     * Blocks until the machine reaches {@code state}, for the given instance (version) if
     * present, or throws {@link MachinesApiException.Timeout}.
     */
    void waitFor(String machineId, Optional<String> instanceId, MachineState state, Duration timeout);

    Lease acquireLease(String machineId, Duration ttl);

    /** Extends the caller's lease; returns the same nonce or throws {@link MachinesApiException.LeaseNotFound}. */
    Lease refreshLease(String machineId, Duration ttl, String nonce);

    void releaseLease(String machineId, String nonce);

    /** Removes the machine from proxy routing. */
    void cordon(String machineId, String nonce);

    /** Restores the machine to proxy routing. */
    void uncordon(String machineId, String nonce);

    /** Sets (or, with a null value, removes) a metadata key. */
    void setMetadata(String machineId, String key, String value, String nonce);

    /**
     * Whether every service port of the machine's app is bound on a non-loopback address: flaps'
     * {@code GetProcesses} (the machine's processes and their listen sockets) reduced to the one
     * answer flyctl's listen-address check computes from it. A read like {@link #get}.
     */
    boolean listening(String machineId);

    /** The latest check results of a machine (also part of {@link #get}). */
    default List<CheckStatus> checks(String machineId) {
        return get(machineId).checks();
    }
}
