package dev.deploysim.model.machines;

import java.time.Duration;
import java.util.Optional;

/**
 * Arguments of launch and update (flaps' {@code LaunchMachineInput}).
 *
 * @param id the machine to update; empty for a launch
 * @param region where to launch; ignored by update
 * @param config the desired config
 * @param skipLaunch create without starting ({@code skip_launch})
 * @param skipServiceRegistration create cordoned ({@code skip_service_registration})
 * @param leaseTtl when present on a launch, the new machine is created holding a lease with
 *     this TTL for the caller
 * @param requiresReplacement flyctl's decision to destroy and relaunch instead of updating
 */
public record LaunchInput(Optional<String> id, String region, MachineConfig config, boolean skipLaunch,
                          boolean skipServiceRegistration, Optional<Duration> leaseTtl,
                          boolean requiresReplacement) {

    /** Input for launching a new machine. */
    public static LaunchInput launch(String region, MachineConfig config) {
        return new LaunchInput(Optional.empty(), region, config, false, false, Optional.empty(), false);
    }

    /** Input for updating machine {@code id} in place to {@code config}. */
    public static LaunchInput update(String id, String region, MachineConfig config) {
        return new LaunchInput(Optional.of(id), region, config, false, false, Optional.empty(), false);
    }

    public LaunchInput withSkipLaunch(boolean skip) {
        return new LaunchInput(id, region, config, skip, skipServiceRegistration, leaseTtl, requiresReplacement);
    }

    public LaunchInput withSkipServiceRegistration(boolean skip) {
        return new LaunchInput(id, region, config, skipLaunch, skip, leaseTtl, requiresReplacement);
    }

    public LaunchInput withLeaseTtl(Duration ttl) {
        return new LaunchInput(id, region, config, skipLaunch, skipServiceRegistration, Optional.of(ttl),
                requiresReplacement);
    }

    public LaunchInput withConfig(MachineConfig newConfig) {
        return new LaunchInput(id, region, newConfig, skipLaunch, skipServiceRegistration, leaseTtl,
                requiresReplacement);
    }

    public LaunchInput withRequiresReplacement(boolean replace) {
        return new LaunchInput(id, region, config, skipLaunch, skipServiceRegistration, leaseTtl, replace);
    }

    public LaunchInput withoutId() {
        return new LaunchInput(Optional.empty(), region, config, skipLaunch, skipServiceRegistration, leaseTtl,
                requiresReplacement);
    }
}
