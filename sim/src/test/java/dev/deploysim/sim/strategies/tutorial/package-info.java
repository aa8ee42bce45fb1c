/**
 * The README tutorial's strategy, word for word but for the package, so that the tutorial's
 * promise is checked by the explorer like any registered strategy's.
 */
package dev.deploysim.sim.strategies.tutorial;
