/**
 * Amazon ECS's rolling update ported onto fly machines ({@code ecs-rolling}): tasks started up to
 * maximumPercent and stopped down to minimumHealthyPercent (rounded up and down as ECS documents),
 * deregistration and draining before a stop, and the deployment circuit breaker with rollback.
 */
package dev.deploysim.strategies.ecs;
