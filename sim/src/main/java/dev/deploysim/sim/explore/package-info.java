/**
 * The explorer: a property-based testing engine whose generators draw from a recorded sequence
 * of bounded integer choices ({@link dev.deploysim.sim.explore.Choices}), so that any generated
 * value can be replayed from its sequence and every failure shrinks by shortening and lowering
 * that sequence, without a hand-written shrinker per type. A run ({@link
 * dev.deploysim.sim.explore.Explorer}) tries the simplest and the boundary values first, then
 * seeded random ones, counts the labels each try reports, checks coverage, and hands back an
 * {@link dev.deploysim.sim.explore.ExploreResult} that reproduces from (seed, try). Nothing here
 * reads the wall clock; a time budget is a clock the caller injects.
 */
package dev.deploysim.sim.explore;
