package dev.deploysim.sim.platform;

import dev.deploysim.model.deploy.Release;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.MachineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The app as it stands before the deploy: its process groups, how many machines each has
 * started and stopped, and the config they share.
 *
 * @param name the app's name
 * @param currentImage the image the machines run now
 * @param newImage the image the deploy rolls out
 * @param primaryRegion where canaries launch
 * @param groups process groups, in order
 */
public record AppSpec(String name, String currentImage, String newImage, String primaryRegion, List<Group> groups) {
    public AppSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currentImage, "currentImage");
        Objects.requireNonNull(newImage, "newImage");
        Objects.requireNonNull(primaryRegion, "primaryRegion");
        groups = List.copyOf(groups);
    }

    /**
     * One process group.
     *
     * @param name e.g. {@code app}
     * @param started machines started before the deploy
     * @param stopped machines stopped before the deploy
     * @param region where they run
     * @param hasServices whether the proxy routes to them
     * @param checks service and top-level checks
     * @param killTimeout stop timeout (default 5 s)
     * @param newVersionHealthy false for a bad release: the new version never passes its checks
     */
    public record Group(String name, int started, int stopped, String region, boolean hasServices,
                        List<CheckDefinition> checks, Duration killTimeout, boolean newVersionHealthy) {
        public Group {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(region, "region");
            checks = List.copyOf(checks);
            Objects.requireNonNull(killTimeout, "killTimeout");
            if (started < 0 || stopped < 0) {
                throw new IllegalArgumentException("machine counts must be >= 0");
            }
        }

        public int machines() {
            return started + stopped;
        }

        /**
         * The config this group's machines run with {@code image}: the group's services, checks
         * and kill timeout, flyctl's default kill signal, and the metadata flyctl writes on every
         * deploy-managed machine ({@code fly_platform_version}, {@code fly_process_group}).
         */
        public MachineConfig config(String image) {
            Map<String, String> metadata = new TreeMap<>();
            metadata.put(METADATA_PLATFORM_VERSION, "v2");
            metadata.put(METADATA_PROCESS_GROUP, name);
            return new MachineConfig(image, name, "shared-cpu-1x", hasServices, checks, metadata, false, "SIGINT",
                    killTimeout, List.of());
        }
    }

    /** Metadata key flyctl uses to tell deploy-managed machines apart ({@code fly_platform_version}). */
    public static final String METADATA_PLATFORM_VERSION = "fly_platform_version";
    /** Metadata key naming a machine's process group. */
    public static final String METADATA_PROCESS_GROUP = "fly_process_group";
    /** Metadata key naming the release a machine runs. */
    public static final String METADATA_RELEASE_ID = "fly_release_id";

    /** The group named {@code name}, if the app has it. */
    public Optional<Group> group(String name) {
        for (Group g : groups) {
            if (g.name().equals(name)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /**
     * The release that rolls out {@link #newImage}: each group's {@link Group#config} with the
     * new image and {@code fly_release_id} set to {@code releaseId}.
     */
    public Release release(String releaseId) {
        Map<String, MachineConfig> configs = new TreeMap<>();
        for (Group g : groups) {
            configs.put(g.name(), g.config(newImage).withMetadata(METADATA_RELEASE_ID, releaseId));
        }
        return Release.of(releaseId, newImage, primaryRegion, configs);
    }

    /** A one-group web app with {@code machines} started machines and a tcp service check. */
    public static AppSpec web(int machines) {
        return new AppSpec("app", "registry.fly.io/app:v1", "registry.fly.io/app:v2", "iad",
                List.of(new Group("app", machines, 0, "iad", true, List.of(CheckDefinition.tcpService("servicecheck-00-tcp-8080")),
                        Duration.ofSeconds(5), true)));
    }

    public int machines() {
        return groups.stream().mapToInt(Group::machines).sum();
    }
}
