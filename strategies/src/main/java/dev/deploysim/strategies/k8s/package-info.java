/**
 * Kubernetes' Deployment RollingUpdate ported onto fly machines ({@code k8s-rolling}): the
 * Deployment controller's scale-up and scale-down arithmetic (maxSurge rounded up, maxUnavailable
 * rounded down, the fencepost rule), the ReplicaSet controller creating and deleting pods as
 * machines, minReadySeconds and the progress deadline.
 */
package dev.deploysim.strategies.k8s;
