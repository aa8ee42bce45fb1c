package dev.deploysim.strategies.k8s;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.strategies.fleet.Fleet;
import dev.deploysim.strategies.fleet.GroupPlan;
import dev.deploysim.strategies.fleet.Instances;
import dev.deploysim.strategies.fleet.Readiness;
import dev.deploysim.strategies.fleet.Terminations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Deployment controller's RollingUpdate for one Deployment (one process group), followed by
 * the ReplicaSet controller for its two ReplicaSets, synced once a second: {@code rolloutRolling}
 * scales the new ReplicaSet up by what maxSurge allows, or else scales the old one down by what
 * maxUnavailable and the available pods allow; then each ReplicaSet creates or deletes pods to
 * match its replicas; then {@code syncRolloutStatus} notes progress, completion or the progress
 * deadline.
 */
final class DeploymentController {

    /** The deployment's status fields the controller reads back (DeploymentStatus). */
    record Status(int replicas, int updatedReplicas, int readyReplicas, int availableReplicas) {
        @Override
        public String toString() {
            return "replicas=" + replicas + " updated=" + updatedReplicas + " ready=" + readyReplicas + " available="
                    + availableReplicas;
        }
    }

    private final DeployContext ctx;
    private final Fleet fleet;
    private final GroupPlan plan;
    private final Fenceposts fenceposts;
    private final Duration minReady;
    private final Duration progressDeadline;
    private final Readiness readiness = new Readiness();
    private final Terminations terminations;
    private final ReplicaSet newRS;
    private final ReplicaSet oldRS;
    private final int replicas;
    private Status status;
    private Instant lastProgress;

    DeploymentController(DeployContext ctx, Fleet fleet, GroupPlan plan, K8sRollingStrategy.Settings settings) {
        this.ctx = ctx;
        this.fleet = fleet;
        this.plan = plan;
        this.replicas = plan.desired();
        this.fenceposts = Fenceposts.resolve(settings.maxSurge(), settings.maxUnavailable(), replicas);
        this.minReady = settings.minReady();
        this.progressDeadline = settings.progressDeadline();
        this.terminations = new Terminations(ctx, K8sRollingStrategy.DELETE_POD);
        this.newRS = new ReplicaSet(plan.group() + "-new", plan.target());
        this.oldRS = new ReplicaSet(plan.group() + "-old", plan.previous());
    }

    /**
     * Runs the rollout until the Deployment is complete (returns) or its progress deadline passes
     * (throws, as {@code kubectl rollout status} exits non-zero); pod terminations started by then
     * are waited for either way.
     */
    void rollout() {
        if (replicas == 0) {
            return;
        }
        step(K8sRollingStrategy.RESOLVE_FENCEPOSTS, "replicas=" + replicas + " maxSurge=" + fenceposts.maxSurge()
                + " maxUnavailable=" + fenceposts.maxUnavailable(replicas));
        try {
            observe(fleet.pollUntilAnswered());
            newRS.replicas = newRS.pods.size();
            oldRS.replicas = oldRS.pods.size();
            status = calculateStatus();
            lastProgress = ctx.clock().now(); // the Progressing condition: ReplicaSetUpdated
            while (true) {
                Optional<List<Machine>> all = fleet.poll();
                if (all.isPresent()) {
                    int inFlight = terminations.inFlight();
                    int handBacks = terminations.handBacks();
                    observe(all.get());
                    rolloutRolling();
                    manageReplicas(newRS);
                    manageReplicas(oldRS);
                    if (syncRolloutStatus()) {
                        // complete only once every deleted pod is gone: a deletion that gave up hands its pod back
                        if (inFlight == 0 && terminations.inFlight() == 0 && terminations.handBacks() == handBacks) {
                            step(K8sRollingStrategy.DEPLOYMENT_COMPLETE, "Progressing=True reason=NewReplicaSetAvailable: " + status);
                            return;
                        }
                        terminations.awaitAll();
                        continue;
                    }
                }
                if (timedOut()) {
                    step(K8sRollingStrategy.PROGRESS_DEADLINE_EXCEEDED, "Progressing=False reason=ProgressDeadlineExceeded: "
                            + status);
                    throw new DeployException("deployment \"" + plan.group() + "\" exceeded its progress deadline");
                }
                ctx.clock().sleep(K8sRollingStrategy.SYNC_PERIOD);
            }
        } finally {
            terminations.awaitAll();
        }
    }

    /** Sorts the group's machines into the two ReplicaSets' pods; failed pods are deleted and not counted. */
    private void observe(List<Machine> all) {
        Instant now = ctx.clock().now();
        List<Machine> members = plan.instances(all);
        readiness.observe(members, now);
        List<Machine> newPods = new ArrayList<>();
        List<Machine> oldPods = new ArrayList<>();
        for (Machine m : members) {
            if (terminations.isTerminating(m.id()) || m.state().isGone()) {
                continue;
            }
            if (!Instances.isActive(m)) {
                // a Failed pod is not counted by its ReplicaSet, which creates a replacement
                terminations.start(m, Terminations.Spec.stopAtOnce(), "pod " + m.state().apiName());
                continue;
            }
            (Instances.runs(m, plan.target()) ? newPods : oldPods).add(m);
        }
        newRS.observe(newPods, readiness, minReady, now);
        oldRS.observe(oldPods, readiness, minReady, now);
    }

    /** rolloutRolling: scale up if we can, else scale down if we can. */
    private void rolloutRolling() {
        if (reconcileNewReplicaSet()) {
            return;
        }
        reconcileOldReplicaSets();
    }

    private boolean reconcileNewReplicaSet() {
        if (newRS.replicas == replicas) {
            return false;
        }
        if (newRS.replicas > replicas) {
            return scale(newRS, replicas, "reconcileNewReplicaSet");
        }
        return scale(newRS, newRSNewReplicas(), "reconcileNewReplicaSet");
    }

    /** NewRSNewReplicas: the new ReplicaSet may grow until all pods reach replicas + maxSurge, never past replicas. */
    private int newRSNewReplicas() {
        int currentPodCount = newRS.replicas + oldRS.replicas;
        int maxTotalPods = fenceposts.maxTotal(replicas);
        if (currentPodCount >= maxTotalPods) {
            return newRS.replicas;
        }
        int scaleUpCount = maxTotalPods - currentPodCount;
        scaleUpCount = Math.min(scaleUpCount, replicas - newRS.replicas);
        return newRS.replicas + scaleUpCount;
    }

    private boolean reconcileOldReplicaSets() {
        int oldPodsCount = oldRS.replicas;
        if (oldPodsCount == 0) {
            return false;
        }
        int allPodsCount = oldRS.replicas + newRS.replicas;
        int minAvailable = fenceposts.minAvailable(replicas);
        int newRSUnavailablePodCount = newRS.replicas - newRS.availableReplicas;
        int maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
        if (maxScaledDown <= 0) {
            return false;
        }
        // Clean up unhealthy replicas first, otherwise they block the rollout (kubernetes #16737).
        int cleanupCount = cleanupUnhealthyReplicas(maxScaledDown);
        int scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate();
        return cleanupCount + scaledDownCount > 0;
    }

    private int cleanupUnhealthyReplicas(int maxCleanupCount) {
        if (oldRS.replicas == 0 || oldRS.replicas == oldRS.availableReplicas) {
            return 0;
        }
        int scaledDownCount = Math.min(maxCleanupCount, oldRS.replicas - oldRS.availableReplicas);
        scale(oldRS, oldRS.replicas - scaledDownCount, "cleanupUnhealthyReplicas");
        return scaledDownCount;
    }

    private int scaleDownOldReplicaSetsForRollingUpdate() {
        int minAvailable = fenceposts.minAvailable(replicas);
        int availablePodCount = newRS.availableReplicas + oldRS.availableReplicas;
        if (availablePodCount <= minAvailable) {
            return 0;
        }
        int totalScaleDownCount = availablePodCount - minAvailable;
        int scaleDownCount = Math.min(oldRS.replicas, totalScaleDownCount);
        if (scaleDownCount == 0) {
            return 0;
        }
        scale(oldRS, oldRS.replicas - scaleDownCount, "scaleDownOldReplicaSetsForRollingUpdate");
        return scaleDownCount;
    }

    private boolean scale(ReplicaSet rs, int to, String why) {
        if (rs.replicas == to) {
            return false;
        }
        step(K8sRollingStrategy.SCALE_REPLICA_SET, rs.name + " " + rs.replicas + " -> " + to + " (" + why + ")");
        rs.replicas = to;
        return true;
    }

    /**
     * The ReplicaSet controller's manageReplicas: create the missing pods at once, or delete the
     * surplus ranked by getPodsToDelete. Created pods count from here on; deleted ones stop
     * counting at once (a terminating pod is not in the ReplicaSet's status).
     */
    private void manageReplicas(ReplicaSet rs) {
        int diff = rs.pods.size() - rs.replicas;
        if (diff < 0) {
            List<Machine> created = new ArrayList<>();
            TaskGroup g = ctx.tasks().group("createPods " + rs.name, -diff, false);
            for (int i = 0; i < -diff; i++) {
                g.go("createPod " + rs.name, () -> {
                    fleet.launch(plan, rs.template, K8sRollingStrategy.CREATE_POD).ifPresent(m -> {
                        synchronized (created) {
                            created.add(m);
                        }
                    });
                    return null;
                });
            }
            g.await();
            List<Machine> pods = new ArrayList<>(rs.pods);
            pods.addAll(created);
            pods.sort((a, b) -> a.id().compareTo(b.id()));
            rs.pods = List.copyOf(pods);
        } else if (diff > 0) {
            List<Machine> victims = rs.podsToDelete(diff, readiness);
            for (Machine v : victims) {
                terminations.start(v, Terminations.Spec.stopAtOnce(), "scaled down " + rs.name);
            }
            List<Machine> pods = new ArrayList<>(rs.pods);
            pods.removeAll(victims);
            rs.observe(pods, readiness, minReady, ctx.clock().now());
        }
    }

    private Status calculateStatus() {
        return new Status(newRS.pods.size() + oldRS.pods.size(), newRS.pods.size(),
                newRS.readyReplicas + oldRS.readyReplicas, newRS.availableReplicas + oldRS.availableReplicas);
    }

    /**
     * syncRolloutStatus: true when DeploymentComplete (every replica updated and available, no
     * other pod counted); otherwise notes progress (DeploymentProgressing) for the deadline.
     */
    private boolean syncRolloutStatus() {
        Status next = calculateStatus();
        if (!next.equals(status)) {
            step(K8sRollingStrategy.ROLLOUT_STATUS, next.toString());
        }
        if (deploymentComplete(next)) {
            status = next;
            return true;
        }
        if (deploymentProgressing(status, next)) {
            lastProgress = ctx.clock().now();
        }
        status = next;
        return false;
    }

    private boolean deploymentComplete(Status s) {
        return s.updatedReplicas() == replicas && s.replicas() == replicas && s.availableReplicas() == replicas;
    }

    /** DeploymentProgressing: more updated, ready or available pods, or fewer old ones. */
    static boolean deploymentProgressing(Status old, Status next) {
        int oldStatusOldReplicas = old.replicas() - old.updatedReplicas();
        int newStatusOldReplicas = next.replicas() - next.updatedReplicas();
        return next.updatedReplicas() > old.updatedReplicas()
                || newStatusOldReplicas < oldStatusOldReplicas
                || next.readyReplicas() > old.readyReplicas()
                || next.availableReplicas() > old.availableReplicas();
    }

    /** DeploymentTimedOut: the last progress is more than progressDeadlineSeconds ago. */
    private boolean timedOut() {
        return lastProgress.plus(progressDeadline).isBefore(ctx.clock().now());
    }

    private void step(String step, String detail) {
        ctx.steps().step(step, null, plan.group() + ": " + detail);
    }
}
