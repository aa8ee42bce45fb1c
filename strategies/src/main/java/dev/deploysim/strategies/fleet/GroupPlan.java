package dev.deploysim.strategies.fleet;

import dev.deploysim.model.deploy.Release;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One process group as a rollout sees it when the deploy begins: the version to roll out, the
 * version running now, where to launch, and how many instances the group should run.
 *
 * @param group the process group
 * @param target the release's config for the group (the new version)
 * @param previous the config of the group's first warm machine not on the target version (by ID),
 *     or the target if every machine already runs it: what a rollback returns to
 * @param region where new instances launch: the first warm machine's region, else the release's
 *     primary region
 * @param desired the instance count to keep: the group's warm machines (Kubernetes' replicas,
 *     Nomad's count, ECS's desired count)
 * @param warmIds the warm machines' IDs, sorted
 * @param coldIds the cold machines' IDs (see {@link Instances#isCold}), sorted
 */
public record GroupPlan(String group, MachineConfig target, MachineConfig previous, String region, int desired,
                        List<String> warmIds, List<String> coldIds) {
    public GroupPlan {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(region, "region");
        warmIds = List.copyOf(warmIds);
        coldIds = List.copyOf(coldIds);
    }

    /**
     * The plans of every process group the release names that has machines, sorted by group name.
     * Groups the release adds (no machines yet) and groups it drops are not rolled: the ports have
     * no "create a group" or "delete a group" step (flyctl's own strategies do).
     */
    public static List<GroupPlan> of(Release release, List<Machine> machines) {
        TreeMap<String, List<Machine>> byGroup = new TreeMap<>();
        for (Machine m : machines) {
            if (!m.state().isGone()) {
                byGroup.computeIfAbsent(m.processGroup(), k -> new ArrayList<>()).add(m);
            }
        }
        List<GroupPlan> out = new ArrayList<>();
        for (Map.Entry<String, MachineConfig> e : release.groups().entrySet()) {
            List<Machine> members = byGroup.get(e.getKey());
            if (members == null) {
                continue;
            }
            members.sort((a, b) -> a.id().compareTo(b.id()));
            MachineConfig target = e.getValue();
            List<String> warm = new ArrayList<>();
            List<String> cold = new ArrayList<>();
            MachineConfig previous = null;
            MachineConfig previousCold = null;
            String region = null;
            for (Machine m : members) {
                boolean isCold = Instances.isCold(m);
                (isCold ? cold : warm).add(m.id());
                if (!isCold && region == null) {
                    region = m.region();
                }
                if (!Instances.runs(m, target)) {
                    if (!isCold && previous == null) {
                        previous = m.config();
                    } else if (isCold && previousCold == null) {
                        previousCold = m.config();
                    }
                }
            }
            if (previous == null) {
                previous = previousCold != null ? previousCold : target;
            }
            out.add(new GroupPlan(e.getKey(), target, previous, region == null ? release.primaryRegion() : region,
                    warm.size(), warm, cold));
        }
        return List.copyOf(out);
    }

    /** Whether machine {@code id} was cold when the deploy began. */
    public boolean isCold(String id) {
        return coldIds.contains(id);
    }

    /** The machines of this group in {@code all} that were not cold when the deploy began, by ID. */
    public List<Machine> instances(List<Machine> all) {
        List<Machine> out = new ArrayList<>();
        for (Machine m : all) {
            if (m.processGroup().equals(group) && !isCold(m.id())) {
                out.add(m);
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }
}
