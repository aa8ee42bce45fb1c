/**
 * Named random streams derived from one root seed, and the distributions drawn from them.
 * Each consumer owns a stream named after it, so adding or removing a consumer never shifts the
 * numbers another one sees, and two strategies run on one seed meet the same platform.
 */
package dev.deploysim.sim.random;
