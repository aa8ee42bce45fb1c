package dev.deploysim.strategies.k8s;

import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.strategies.fleet.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A ReplicaSet as the Deployment controller sees it: a pod template, its {@code spec.replicas},
 * and the status its pods give (replicas, ready, available). Pods are the group's active machines
 * on the template's version that are not terminating.
 */
final class ReplicaSet {
    final String name;
    final MachineConfig template;
    /** {@code spec.replicas}: what the Deployment controller asks for. */
    int replicas;
    /** The pods counted in {@code status.replicas}, sorted by ID. */
    List<Machine> pods = List.of();
    /** {@code status.readyReplicas}. */
    int readyReplicas;
    /** {@code status.availableReplicas}: ready for at least minReadySeconds. */
    int availableReplicas;

    ReplicaSet(String name, MachineConfig template) {
        this.name = name;
        this.template = template;
    }

    /** Recomputes the status from {@code pods} as of {@code now}. */
    void observe(List<Machine> currentPods, Readiness readiness, Duration minReady, Instant now) {
        pods = List.copyOf(currentPods);
        int ready = 0;
        int available = 0;
        for (Machine p : pods) {
            if (readiness.isReady(p)) {
                ready++;
            }
            if (readiness.readyFor(p, minReady, now)) {
                available++;
            }
        }
        readyReplicas = ready;
        availableReplicas = available;
    }

    /**
     * The ReplicaSet controller's {@code getPodsToDelete}: the {@code count} pods ranked first by
     * {@code ActivePodsWithRanks}, reduced to what a machine shows: not yet started before
     * started, not ready before ready, ready for less time before ready for longer, created more
     * recently before created earlier; ties by ID (Kubernetes breaks them by UID).
     */
    List<Machine> podsToDelete(int count, Readiness readiness) {
        List<Machine> ranked = new ArrayList<>(pods);
        Comparator<Machine> rank = Comparator
                .comparing((Machine p) -> p.state() == MachineState.STARTED)
                .thenComparing(readiness::isReady)
                .thenComparing((Machine p) -> readiness.readySince(p).orElse(Instant.MIN), Comparator.reverseOrder())
                .thenComparing(Machine::createdAt, Comparator.reverseOrder())
                .thenComparing(Machine::id);
        ranked.sort(rank);
        return List.copyOf(ranked.subList(0, Math.min(count, ranked.size())));
    }

    @Override
    public String toString() {
        return name + " " + template.image() + " replicas=" + replicas + " pods=" + pods.size() + " available="
                + availableReplicas;
    }
}
