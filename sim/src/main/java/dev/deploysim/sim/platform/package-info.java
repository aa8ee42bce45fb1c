/**
 * The simulated platform a strategy deploys onto: {@link dev.deploysim.sim.platform.World} holds
 * an app's machines (lifecycle, image pulls, boot and stop times, leases, host status), their
 * service and DNS registration and health checks, fly-proxy's lagging view and retry rule, an
 * HTTP prober, and fault mechanisms; strategies reach it only through the Machines API port it
 * hands out per actor, and everything it does is appended to the run's observation log. Its
 * knobs and their defaults are {@link dev.deploysim.sim.platform.PlatformConfig},
 * {@link dev.deploysim.sim.platform.ProbeConfig} and the app before the deploy,
 * {@link dev.deploysim.sim.platform.AppSpec}; docs/model.md gives the evidence for each modelled
 * behaviour.
 */
package dev.deploysim.sim.platform;
