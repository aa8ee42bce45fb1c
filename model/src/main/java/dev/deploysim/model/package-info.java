/**
 * Value types and the ports a deploy strategy may call: the Machines API, the clock, tasks and
 * the step recorder. Nothing here knows about the simulator, randomness or the wall clock, so a
 * strategy written against these types could drive a real platform unchanged.
 */
package dev.deploysim.model;
