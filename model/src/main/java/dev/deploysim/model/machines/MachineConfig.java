package dev.deploysim.model.machines;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The desired configuration of a machine (flaps' {@code MachineConfig}), reduced to what
 * deploys depend on.
 *
 * @param image the image reference; the "version" a deploy rolls out
 * @param processGroup the fly.toml process group
 * @param guestSize e.g. {@code shared-cpu-1x}
 * @param hasServices whether the machine has services the proxy routes to
 * @param checks service and top-level checks
 * @param metadata metadata key/values, sorted by key
 * @param dnsSkipRegistration DNS {@code skip_registration}: keeps the machine out of internal
 *     DNS, which is not the same as keeping it out of the proxy
 * @param killSignal the signal sent on stop
 * @param killTimeout time between the kill signal and a forced kill (default 5 s, max 300 s)
 * @param mounts volume names mounted by the machine
 */
public record MachineConfig(String image, String processGroup, String guestSize, boolean hasServices,
                            List<CheckDefinition> checks, Map<String, String> metadata,
                            boolean dnsSkipRegistration, String killSignal, Duration killTimeout,
                            List<String> mounts) {

    public static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofSeconds(5);

    public MachineConfig {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(processGroup, "processGroup");
        Objects.requireNonNull(guestSize, "guestSize");
        checks = List.copyOf(checks);
        metadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        Objects.requireNonNull(killSignal, "killSignal");
        Objects.requireNonNull(killTimeout, "killTimeout");
        mounts = List.copyOf(mounts);
    }

    /** A web app's machine: services on, one tcp service check, default kill settings. */
    public static MachineConfig web(String image, String processGroup) {
        return new MachineConfig(image, processGroup, "shared-cpu-1x", true,
                List.of(CheckDefinition.tcpService("servicecheck-00-tcp-8080")), Map.of(), false,
                "SIGINT", DEFAULT_KILL_TIMEOUT, List.of());
    }

    public MachineConfig withImage(String newImage) {
        return new MachineConfig(newImage, processGroup, guestSize, hasServices, checks, metadata,
                dnsSkipRegistration, killSignal, killTimeout, mounts);
    }

    public MachineConfig withMetadata(String key, String value) {
        Map<String, String> m = new TreeMap<>(metadata);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return new MachineConfig(image, processGroup, guestSize, hasServices, checks, m,
                dnsSkipRegistration, killSignal, killTimeout, mounts);
    }

    public MachineConfig withDnsSkipRegistration(boolean skip) {
        return new MachineConfig(image, processGroup, guestSize, hasServices, checks, metadata, skip,
                killSignal, killTimeout, mounts);
    }

    public MachineConfig withChecks(List<CheckDefinition> newChecks) {
        return new MachineConfig(image, processGroup, guestSize, hasServices, newChecks, metadata,
                dnsSkipRegistration, killSignal, killTimeout, mounts);
    }

    public MachineConfig withGuestSize(String size) {
        return new MachineConfig(image, processGroup, size, hasServices, checks, metadata,
                dnsSkipRegistration, killSignal, killTimeout, mounts);
    }

    /** Whether any check (service or top-level) is configured. */
    public boolean hasChecks() {
        return !checks.isEmpty();
    }

    /** Whether a service-level check gates routing for this machine. */
    public boolean hasServiceChecks() {
        return checks.stream().anyMatch(CheckDefinition::serviceCheck);
    }
}
