package dev.deploysim.model.machines;

import java.time.Instant;

/** A machine lease: whoever holds the nonce may mutate the machine until {@code expiresAt}. */
public record Lease(String machineId, String nonce, String owner, Instant expiresAt) {
}
