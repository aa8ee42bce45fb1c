/**
 * The discrete-event kernel: integer virtual time in nanoseconds, an event queue ordered by
 * (time, sequence number) and runs bounded by time or an event budget. Processes
 * ({@code sim.process}) run on top of it, one at a time, holding the kernel's baton; their
 * virtual threads are carried by the thread that runs the kernel ({@link dev.deploysim.sim.kernel.Carrier}
 * explains why and when the JDK's shared scheduler is used instead).
 */
package dev.deploysim.sim.kernel;
