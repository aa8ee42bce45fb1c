/*
 * Follows flyctl internal/command/deploy/machines_launchinput.go (master at #5108; skipLaunch as
 * changed by #4984, spec 1.3).
 * Divergences:
 *  V1 Volumes are modelled by name only (MachineConfig.mounts): a different volume name, a mount
 *    removed or a mount added forces a replacement, and the "needs an unattached volume named ..."
 *    errors never fire (no volume inventory). Mount paths and auto-extend settings are not modelled.
 *  V2 Standby machines, host dedication ids and Postgres metadata are not modelled.
 *  V3 The machine config comes from the release's per-group config (fly.toml's ToMachineConfig), with
 *    the old machine's metadata kept underneath it and flyctl's release metadata on top.
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.deploy.Release;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the launch input flyctl sends for updating, replacing or launching a machine. */
final class LaunchInputs {

    static final String META_RELEASE_ID = "fly_release_id";
    static final String META_PROCESS_GROUP = "fly_process_group";
    static final String META_FLYCTL_VERSION = "fly_flyctl_version";
    static final String META_CANARY = "fly_canary";
    /** The flyctl version this port stands for (the #5108 snapshot). */
    static final String FLYCTL_VERSION = "master@#5108";

    private LaunchInputs() {
    }

    /**
     * launchInputForUpdate: the release's config for the machine's group, in the machine's region,
     * with skip_launch from its pre-deploy state and a replacement when the host is not ok or the
     * volume changes.
     *
     * @throws dev.deploysim.model.deploy.DeployException "requires manual intervention" for a
     *     machine whose volume is on an unreachable host
     */
    static LaunchInput forUpdate(Release release, Machine orig) {
        String id = orig.id();
        boolean replace = orig.hostStatus() != HostStatus.OK;
        MachineConfig target = release.configFor(orig.processGroup());
        if (target == null) {
            throw Errors.error("process group '" + orig.processGroup() + "' of machine " + id + " is not in the release");
        }
        Map<String, String> metadata = new TreeMap<>(orig.config().metadata());
        metadata.putAll(target.metadata());
        MachineConfig config = withReleaseData(withMetadata(target, metadata), release, orig.processGroup());

        List<String> oMounts = orig.config().mounts();
        List<String> mMounts = config.mounts();
        if (!oMounts.isEmpty()) {
            if (mMounts.isEmpty()) {
                replace = true; // "has a volume attached but fly.toml doesn't have a [mounts] section"
            } else if (!mMounts.get(0).equals(oMounts.get(0))) {
                replace = true; // a different volume name: only a new machine can attach it
            }
        } else if (!mMounts.isEmpty()) {
            replace = true; // [mounts] added: a volume cannot be attached to an existing machine
        }
        if (orig.hostStatus() != HostStatus.OK && !oMounts.isEmpty() && !mMounts.isEmpty()
                && oMounts.get(0).equals(mMounts.get(0))) {
            throw Errors.error("machine '" + id + "' requires manual intervention, it can't be automatically replaced"
                    + " because its volume '" + oMounts.get(0) + "' is on an unreachable host");
        }
        return new LaunchInput(Optional.of(id), orig.region(), config, skipLaunch(orig), false, Optional.empty(), replace);
    }

    /** launchInputForLaunch: a new machine of {@code group} in the primary region. */
    static LaunchInput forLaunch(Release release, String group) {
        MachineConfig target = release.configFor(group);
        if (target == null) {
            throw Errors.error("error creating machine configuration: no process group '" + group + "' in the release");
        }
        MachineConfig config = withReleaseData(target, release, group);
        return LaunchInput.launch(release.primaryRegion(), config).withSkipLaunch(skipLaunch(null));
    }

    /**
     * skipLaunch (#4984): derived from the pre-deploy state: started, starting and failed machines
     * launch, so does a brand-new one; anything else (stopped, suspended, created) stays stopped.
     */
    static boolean skipLaunch(Machine orig) {
        if (orig == null) {
            return false;
        }
        MachineState s = orig.state();
        return !(s == MachineState.STARTED || s == MachineState.STARTING || s == MachineState.FAILED);
    }

    /** setMachineReleaseData: release id, flyctl version and process group metadata. */
    static MachineConfig withReleaseData(MachineConfig c, Release release, String group) {
        MachineConfig out = c.withMetadata(META_RELEASE_ID, release.releaseId())
                .withMetadata(META_FLYCTL_VERSION, FLYCTL_VERSION);
        if (!c.metadata().containsKey(META_PROCESS_GROUP)) {
            out = out.withMetadata(META_PROCESS_GROUP, group);
        }
        return out;
    }

    private static MachineConfig withMetadata(MachineConfig c, Map<String, String> metadata) {
        return new MachineConfig(c.image(), c.processGroup(), c.guestSize(), c.hasServices(), c.checks(), metadata,
                c.dnsSkipRegistration(), c.killSignal(), c.killTimeout(), c.mounts());
    }

    /** compareConfigs: equal ignoring the flyctl-version metadata key. */
    static boolean sameConfig(MachineConfig a, MachineConfig b) {
        return a.withMetadata(META_FLYCTL_VERSION, null).equals(b.withMetadata(META_FLYCTL_VERSION, null));
    }
}
