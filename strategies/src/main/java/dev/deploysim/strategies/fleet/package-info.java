/**
 * What deploysim's ports of other platforms' rollouts (Kubernetes, Nomad, ECS) and its own
 * surge-rolling share to run on fly machines: a process group seen as a set of interchangeable
 * instances (pods, allocations, tasks), the readiness a controller can observe by polling the
 * Machines API, launching an instance of a version, and terminating one under a lease held by the
 * deploy. Nothing here decides how many instances to add or remove: that is each platform's logic.
 */
package dev.deploysim.strategies.fleet;
