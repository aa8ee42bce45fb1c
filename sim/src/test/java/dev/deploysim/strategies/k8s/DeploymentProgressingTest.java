package dev.deploysim.strategies.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.strategies.k8s.DeploymentController.Status;
import org.junit.jupiter.api.Test;

/**
 * {@code DeploymentController.deploymentProgressing} against Kubernetes'
 * pkg/controller/deployment/util/deployment_util.go {@code DeploymentProgressing}: progress is more
 * updated replicas, fewer old replicas (replicas - updatedReplicas), more ready or more available
 * ones; equal counts are no progress. Package-private, so this test shares the package; it lives in
 * the sim module's tests, where the mutation profile runs.
 */
class DeploymentProgressingTest {

    private static final Status BASE = new Status(5, 2, 4, 3);

    @Test
    void anUnchangedStatusIsNoProgress() {
        assertThat(DeploymentController.deploymentProgressing(BASE, new Status(5, 2, 4, 3))).isFalse();
    }

    @Test
    void oneMoreUpdatedReplicaIsProgress() {
        // replicas grow with it (a surge pod): the old-replica count is unchanged, updated is +1
        assertThat(DeploymentController.deploymentProgressing(BASE, new Status(6, 3, 4, 3))).isTrue();
    }

    @Test
    void oneOldReplicaFewerIsProgress() {
        // replicas - updated goes from 3 to 2 with no other count higher
        assertThat(DeploymentController.deploymentProgressing(BASE, new Status(4, 2, 4, 3))).isTrue();
    }

    @Test
    void oneMoreReadyOrAvailableReplicaIsProgress() {
        assertThat(DeploymentController.deploymentProgressing(BASE, new Status(5, 2, 5, 3))).isTrue();
        assertThat(DeploymentController.deploymentProgressing(BASE, new Status(5, 2, 4, 4))).isTrue();
    }

    @Test
    void fewerUpdatedReadyOrAvailableReplicasAreNoProgress() {
        // one more old replica (5 - 1 = 4 > 3) and fewer of everything: every clause false
        assertThat(DeploymentController.deploymentProgressing(BASE, new Status(5, 1, 3, 2))).isFalse();
        // more replicas with as many updated: the old-replica count grows, no progress
        assertThat(DeploymentController.deploymentProgressing(BASE, new Status(6, 2, 4, 3))).isFalse();
    }

    @Test
    void theStatusPrintsItsFourCounts() {
        assertThat(BASE).hasToString("replicas=5 updated=2 ready=4 available=3");
    }
}
