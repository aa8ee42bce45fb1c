package dev.deploysim.model.deploy;

import dev.deploysim.model.machines.MachineConfig;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The release being deployed: for each process group, the config its machines should end up
 * with (image included). flyctl builds this from fly.toml and the built image.
 *
 * @param releaseId the release's ID, written to machine metadata
 * @param image the new image (every group's config carries it)
 * @param primaryRegion where new machines (canaries) are launched
 * @param groups process group name to target config, sorted by name
 */
public record Release(String releaseId, String image, String primaryRegion, SortedMap<String, MachineConfig> groups) {
    public Release {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(primaryRegion, "primaryRegion");
        groups = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(groups));
    }

    public static Release of(String releaseId, String image, String primaryRegion, Map<String, MachineConfig> groups) {
        return new Release(releaseId, image, primaryRegion, new TreeMap<>(groups));
    }

    /** The target config for {@code processGroup}, or null if the release drops that group. */
    public MachineConfig configFor(String processGroup) {
        return groups.get(processGroup);
    }
}
