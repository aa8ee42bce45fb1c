/**
 * The testing API for other projects: explore a strategy (one's own, or a built-in one) from a
 * JUnit 5 test and fail the build with the shrunk scenario, or run it once and assert on the
 * result. {@link dev.deploysim.sim.testing.DeploySim} is the entry point; deploysim's own
 * property suite uses the same calls. It needs no test framework: failures are
 * {@link java.lang.AssertionError}s, which JUnit (and any other runner) reports as failed tests.
 */
package dev.deploysim.sim.testing;
