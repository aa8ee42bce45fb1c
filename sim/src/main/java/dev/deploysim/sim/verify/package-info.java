/**
 * Verification: the invariants a run is checked against (each a small {@link
 * dev.deploysim.sim.run.Checker} that reads only the run's observation log and scenario, listed
 * in the explicit registry {@link Invariants}), the interpreter of the strategies' declared
 * promises ({@link Guarantees}), the property that a strategy keeps every promise it makes
 * ({@link Promises}), and {@link Exploration}, the search for a broken promise behind
 * {@code deploysim explore}. docs/verification.md describes each invariant and guarantee.
 */
package dev.deploysim.sim.verify;
