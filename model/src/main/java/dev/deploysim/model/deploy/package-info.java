/**
 * What a deploy strategy is: its name, options, promises and the context it runs in (the target
 * release, the Machines API, the clock, tasks and the step recorder).
 */
package dev.deploysim.model.deploy;
