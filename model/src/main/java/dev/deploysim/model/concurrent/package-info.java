/**
 * The only concurrency a strategy may use: a clock, forked tasks, awaiting with a deadline and
 * task groups with a concurrency limit. They map Go's {@code time.Sleep}, goroutines,
 * {@code select} with a timeout and errgroup / conc pools one-to-one.
 */
package dev.deploysim.model.concurrent;
