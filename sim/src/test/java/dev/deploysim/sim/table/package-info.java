/**
 * The zero-serving table of spec section 5 and the measured numbers of docs/strategies.md: each
 * row of the table is a test over seeds that asserts a window (or its absence) and its cause from
 * the observation log alone (which machine's leaving opened it, which of the deploy's API calls
 * made it leave, which machine's joining closed it and whether the proxy's lag alone kept that
 * machine out), plus the opt-in measurements that print the documented tables and timelines.
 */
package dev.deploysim.sim.table;
