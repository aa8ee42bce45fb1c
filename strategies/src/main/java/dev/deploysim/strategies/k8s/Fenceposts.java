package dev.deploysim.strategies.k8s;

/**
 * {@code deploymentutil.ResolveFenceposts}: {@code maxSurge} and {@code maxUnavailable} resolved
 * against the replica count in one step, surge rounded up, unavailable rounded down, and when both
 * come out 0, unavailable set to 1 ("on the theory that surge might not work due to quota"). So
 * 1 replica with {@code maxSurge: 0%} and {@code maxUnavailable: 25%} resolves to (0, 1): the only
 * pod is deleted before its replacement exists.
 *
 * @param maxSurge pods allowed above the replica count
 * @param maxUnavailable pods allowed below it, before {@link #maxUnavailable(int)}'s cap
 */
public record Fenceposts(int maxSurge, int maxUnavailable) {

    /** ResolveFenceposts for {@code replicas}. */
    public static Fenceposts resolve(IntOrPercent maxSurge, IntOrPercent maxUnavailable, int replicas) {
        int surge = maxSurge.scaled(replicas, true);
        int unavailable = maxUnavailable.scaled(replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    /** ResolveFenceposts from the options' text. */
    public static Fenceposts resolve(String maxSurge, String maxUnavailable, int replicas) {
        return resolve(IntOrPercent.parse(K8sRollingStrategy.MAX_SURGE, maxSurge),
                IntOrPercent.parse(K8sRollingStrategy.MAX_UNAVAILABLE, maxUnavailable), replicas);
    }

    /** {@code deploymentutil.MaxUnavailable}: 0 for no replicas, never more than the replicas. */
    public int maxUnavailable(int replicas) {
        if (replicas == 0) {
            return 0;
        }
        return Math.min(maxUnavailable, replicas);
    }

    /** The floor Kubernetes keeps: {@code replicas - MaxUnavailable}. */
    public int minAvailable(int replicas) {
        return replicas - maxUnavailable(replicas);
    }

    /** The ceiling on pods that are not terminating: {@code replicas + maxSurge}. */
    public int maxTotal(int replicas) {
        return replicas + maxSurge;
    }
}
