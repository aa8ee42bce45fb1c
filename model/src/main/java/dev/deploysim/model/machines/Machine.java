package dev.deploysim.model.machines;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a machine as {@code GET /apps/{app}/machines/{id}} returns it.
 *
 * @param id stable machine ID; sorting by it is how flyctl orders a roll
 * @param region where it runs
 * @param state lifecycle state
 * @param config current config (after an update, the new one)
 * @param instanceId the version of this machine; changes with every update
 * @param hostStatus health of the host
 * @param cordoned whether the proxy has been told to stop routing to it
 * @param checks latest check results
 * @param leaseNonce nonce of the lease currently held, empty if none (the API shows holders)
 * @param leaseOwner who holds the lease, empty if none
 * @param events newest first
 * @param createdAt creation time
 */
public record Machine(String id, String region, MachineState state, MachineConfig config, String instanceId,
                      HostStatus hostStatus, boolean cordoned, List<CheckStatus> checks,
                      Optional<String> leaseNonce, Optional<String> leaseOwner, List<MachineEvent> events,
                      Instant createdAt) {
    public Machine {
        checks = List.copyOf(checks);
        events = List.copyOf(events);
    }

    public String processGroup() {
        return config.processGroup();
    }

    public String image() {
        return config.image();
    }

    /** flyctl's {@code AllHealthChecks().Passing == Total} with {@code Total > 0}. */
    public boolean allChecksPassing() {
        return !checks.isEmpty() && checks.stream().allMatch(CheckStatus::passing);
    }
}
