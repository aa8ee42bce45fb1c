/**
 * Nomad's job update block ported onto fly machines ({@code nomad}): canaries with or without
 * auto-promotion, destructive updates of at most max_parallel allocations that are not yet healthy,
 * allocation health from min_healthy_time and healthy_deadline, the progress deadline, and
 * auto-revert to the last stable version.
 */
package dev.deploysim.strategies.nomad;
