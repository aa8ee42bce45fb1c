/*
 * Kubernetes' Deployment with the RollingUpdate strategy, run on fly machines.
 * Follows: kubernetes/kubernetes (release-1.33) pkg/controller/deployment/rolling.go (rolloutRolling,
 * reconcileNewReplicaSet, reconcileOldReplicaSets, cleanupUnhealthyReplicas,
 * scaleDownOldReplicaSetsForRollingUpdate), pkg/controller/deployment/util/deployment_util.go
 * (NewRSNewReplicas, ResolveFenceposts, MaxUnavailable, DeploymentComplete, DeploymentProgressing,
 * DeploymentTimedOut), pkg/controller/deployment/progress.go (syncRolloutStatus),
 * pkg/controller/replicaset/replica_set.go (manageReplicas, getPodsToDelete),
 * pkg/apis/apps/validation (ValidateRollingUpdateDeployment, ValidateDeploymentSpec), and the
 * Deployments concept page (kubernetes.io/docs/concepts/workloads/controllers/deployment/).
 * How Kubernetes maps onto fly machines:
 *  - a Deployment is one process group; spec.replicas is the number of the group's warm machines
 *    when the deploy begins;
 *  - a pod is a machine; the new ReplicaSet's template is the release's config for the group; every
 *    machine of the group on another image is a pod of the old ReplicaSet (template: the group's
 *    current config);
 *  - creating a pod launches a machine; deleting a pod stops the machine (its kill signal and
 *    kill_timeout play SIGTERM and terminationGracePeriodSeconds, and the proxy drops it when it
 *    learns of the stop, as endpoints drop a terminating pod) and then destroys it;
 *  - Ready is started with every check passing (the checks are the readiness probe; without checks,
 *    started); Available is Ready for at least minReadySeconds.
 * Divergences:
 *  K1 The controllers are event driven; here one loop syncs every second and reads the machines with
 *     one list call (the informer cache). Readiness is learnt by polling: "ready since" is the first
 *     poll that saw a machine ready, never earlier than the truth.
 *  K2 One old ReplicaSet holds every old version (Kubernetes keeps one per pod template and scales
 *     them down oldest first).
 *  K3 The Deployment controller and the ReplicaSet controller run in one loop, in that order. The
 *     ReplicaSet controller creates the missing pods at once (no slow-start batches) and ranks pods
 *     to delete by what a machine shows: not started, not ready, ready for less time, created more
 *     recently, then by ID (Kubernetes breaks ties by UID).
 *  K4 A pod that fails (machine failed, or stopped by a crash) is destroyed at once (Kubernetes
 *     leaves it to the pod garbage collector); its ReplicaSet creates a replacement, the old one on
 *     the old config too.
 *  K5 The deploy is the controller plus `kubectl rollout status`: it returns when the Deployment is
 *     complete, and when the Progressing condition turns False with ProgressDeadlineExceeded it fails
 *     as kubectl does, leaving the machines as they are (no rollback). The controller itself only
 *     sets the condition; in a cluster it would keep trying after kubectl gives up, here it stops
 *     with the deploy, because nothing else would ever end the run.
 *  K6 The deploy waits for the pod terminations it started before it returns (kubectl returns
 *     while terminating pods finish).
 *  K7 fly only: each pod deletion holds the machine's lease (fleet.HeldLease); machines that are
 *     cold when the deploy begins are not pods: they are updated in place and stay stopped.
 *  K8 Not ported: revision history and `kubectl rollout undo`, pausing, proportional scaling when
 *     replicas change during a rollout, the Recreate strategy, groups the release adds or drops.
 *  K9 Pods already ready at the first poll count as available at once (the rollout starts from a
 *     complete Deployment), whatever minReadySeconds is.
 */
package dev.deploysim.strategies.k8s;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.fleet.Fleet;
import dev.deploysim.strategies.fleet.GroupPlan;
import java.time.Duration;
import java.util.List;

/**
 * Kubernetes' Deployment RollingUpdate: per process group, the new ReplicaSet grows by maxSurge
 * above the replica count and the old one shrinks while the available pods stay at or above
 * replicas − maxUnavailable, until every pod is new and available.
 */
public final class K8sRollingStrategy implements Strategy {

    /** The registered name. */
    public static final String NAME = "k8s-rolling";

    /** {@code spec.strategy.rollingUpdate.maxSurge}. */
    public static final String MAX_SURGE = "maxSurge";
    /** {@code spec.strategy.rollingUpdate.maxUnavailable}. */
    public static final String MAX_UNAVAILABLE = "maxUnavailable";
    /** {@code spec.minReadySeconds}. */
    public static final String MIN_READY_SECONDS = "minReadySeconds";
    /** {@code spec.progressDeadlineSeconds}. */
    public static final String PROGRESS_DEADLINE_SECONDS = "progressDeadlineSeconds";

    /** The documented default of both maxSurge and maxUnavailable. */
    public static final String DEFAULT_FENCEPOST = "25%";
    /** The documented default of progressDeadlineSeconds. */
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    /** How often the loop syncs (divergence K1). */
    static final Duration SYNC_PERIOD = Duration.ofSeconds(1);

    // ---- steps ----
    /** The fenceposts resolved for a Deployment (detail: replicas, maxSurge, maxUnavailable). */
    public static final String RESOLVE_FENCEPOSTS = "resolveFenceposts";
    /** A ReplicaSet's replicas changed (the "Scaled up/down replica set" event). */
    public static final String SCALE_REPLICA_SET = "scaleReplicaSet";
    /** The ReplicaSet controller created a pod (launched a machine). */
    public static final String CREATE_POD = "createPod";
    /** A pod deletion began (stop, then destroy). */
    public static final String DELETE_POD = "deletePod";
    /** The Deployment's status changed (detail: replicas, updated, ready, available). */
    public static final String ROLLOUT_STATUS = "rolloutStatus";
    /** The Progressing condition turned False with reason ProgressDeadlineExceeded. */
    public static final String PROGRESS_DEADLINE_EXCEEDED = "progressDeadlineExceeded";
    /** The Progressing condition turned True with reason NewReplicaSetAvailable. */
    public static final String DEPLOYMENT_COMPLETE = "deploymentComplete";
    /** A cold machine was updated in place (divergence K7). */
    public static final String UPDATE_COLD_MACHINE = "updateColdMachine";
    /** The deploy failed (detail: the message). */
    public static final String DEPLOY_FAILED = "deployFailed";

    /** The resolved options. */
    record Settings(IntOrPercent maxSurge, IntOrPercent maxUnavailable, Duration minReady, Duration progressDeadline) {
        static Settings from(Options o) {
            return new Settings(IntOrPercent.parse(MAX_SURGE, o.getString(MAX_SURGE)),
                    IntOrPercent.parse(MAX_UNAVAILABLE, o.getString(MAX_UNAVAILABLE)),
                    Duration.ofSeconds(o.getInt(MIN_READY_SECONDS)), Duration.ofSeconds(o.getInt(PROGRESS_DEADLINE_SECONDS)));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String source() {
        return "kubernetes/kubernetes release-1.33 pkg/controller/deployment/rolling.go, util/deployment_util.go; Deployment docs";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                new OptionSpec(MAX_SURGE, OptionSpec.Type.STRING, DEFAULT_FENCEPOST,
                        "pods above replicas during the update: a count (\"1\") or a percentage of replicas, rounded up"),
                new OptionSpec(MAX_UNAVAILABLE, OptionSpec.Type.STRING, DEFAULT_FENCEPOST,
                        "pods below replicas that may be unavailable: a count or a percentage, rounded down; 1 if both resolve to 0"),
                new OptionSpec(MIN_READY_SECONDS, OptionSpec.Type.INT, 0,
                        "seconds a pod must be ready (checks passing) before it counts as available"),
                new OptionSpec(PROGRESS_DEADLINE_SECONDS, OptionSpec.Type.INT, DEFAULT_PROGRESS_DEADLINE_SECONDS,
                        "seconds without progress before the Progressing condition reports ProgressDeadlineExceeded"
                                + " (the controller only reports it; kubectl rollout status then fails)"));
    }

    /** ValidateRollingUpdateDeployment and ValidateDeploymentSpec's checks on these fields, with the API server's messages. */
    @Override
    public void validate(Options options) {
        Settings s = Settings.from(options);
        if (s.maxUnavailable().value() == 0 && s.maxSurge().value() == 0) {
            throw new InvalidOptionException(MAX_UNAVAILABLE, "may not be 0 when `maxSurge` is 0");
        }
        if (s.maxUnavailable().percent() && s.maxUnavailable().value() > 100) {
            throw new InvalidOptionException(MAX_UNAVAILABLE, "must not be greater than 100%, was " + s.maxUnavailable());
        }
        int minReady = options.getInt(MIN_READY_SECONDS);
        if (minReady < 0) {
            throw new InvalidOptionException(MIN_READY_SECONDS, "must be greater than or equal to 0, was " + minReady);
        }
        int deadline = options.getInt(PROGRESS_DEADLINE_SECONDS);
        if (deadline < 0) {
            throw new InvalidOptionException(PROGRESS_DEADLINE_SECONDS, "must be greater than or equal to 0, was " + deadline);
        }
        if (deadline <= minReady) {
            throw new InvalidOptionException(PROGRESS_DEADLINE_SECONDS, "must be greater than minReadySeconds (" + minReady
                    + "), was " + deadline);
        }
    }

    @Override
    public List<Guarantee> guarantees() {
        return List.of(
                new Guarantee(Conditions.CONVERGED, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true)),
                        "the new ReplicaSet reaches the replica count and the old one 0; cold machines are updated in place"),
                new Guarantee(Conditions.MAX_UNAVAILABLE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        // Fenceposts: maxUnavailable rounded down, 1 if both fenceposts are 0, at most the replicas
                        Guarantee.when(Conditions.MAX_UNAVAILABLE_PER_GROUP, Conditions.IS,
                                "min(warm, maxUnavailableDown + max(0, 1 - maxSurgeUp - maxUnavailableDown))")),
                        "Kubernetes' promise, per process group: available pods (started, every check passing for"
                                + " minReadySeconds) >= replicas - maxUnavailable (a percentage rounded down; 1 if both"
                                + " fenceposts resolve to 0; at most replicas), because the old ReplicaSet only shrinks by what"
                                + " the available count allows; available is not serving: the proxy may not know the new pods yet"),
                new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        // the replicas (warm) plus maxSurge rounded up, plus the cold machines updated in place
                        Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines + maxSurgeUp")),
                        "Kubernetes' promise, per process group: pods that are not terminating (machines the deploy has not"
                                + " begun to stop or destroy) <= replicas + maxSurge (a percentage rounded up), because the new"
                                + " ReplicaSet only grows until both ReplicaSets' replicas reach that sum"),
                new Guarantee(Conditions.SUCCEEDS, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true),
                        Guarantee.when(PROGRESS_DEADLINE_SECONDS, ">=", 120), Guarantee.when(Conditions.MAX_START_SECONDS, "<=", 60)),
                        "without faults every new pod turns available and every old one is deleted, so the Deployment"
                                + " completes before progressDeadlineSeconds pass without progress"),
                new Guarantee(Conditions.LEASE_DISCIPLINE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS)),
                        "each pod deletion acquires the machine's lease, refreshes it, and ends with the destroy (which drops"
                                + " it) or a release; new pods are launched without a lease"),
                // newVersionHealthy: found by the property suite; a crash-looping release keeps flapping its pods'
                // readiness, which counts as progress, so the progress deadline never passes and the deploy never ends
                new Guarantee(Conditions.LIVENESS, List.of(Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true)),
                        "the deploy returns at DeploymentComplete or once progressDeadlineSeconds pass without progress"
                                + " (more updated, ready or available pods, or fewer old ones); a deletion waits at most"
                                + " kill_timeout + 10 s for the stop before a forced destroy"));
    }

    @Override
    public void deploy(DeployContext ctx) {
        validate(ctx.options());
        Settings settings = Settings.from(ctx.options());
        Fleet fleet = new Fleet(ctx);
        try {
            List<Machine> all = fleet.pollUntilAnswered();
            List<GroupPlan> plans = GroupPlan.of(ctx.release(), all);
            for (GroupPlan p : plans) {
                fleet.updateColdInPlace(p, all, UPDATE_COLD_MACHINE);
            }
            fleet.forEachGroup(plans, "deployment", p -> new DeploymentController(ctx, fleet, p, settings).rollout());
        } catch (RuntimeException e) {
            DeployException d = Fleet.toDeployException(e);
            ctx.steps().step(DEPLOY_FAILED, null, d.getMessage());
            throw d;
        }
    }
}
