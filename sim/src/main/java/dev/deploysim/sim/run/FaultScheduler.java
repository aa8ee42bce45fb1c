package dev.deploysim.sim.run;

import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.scenario.Fault;
import java.util.List;

/**
 * Turns a scenario's fault entries into scheduled uses of the world's fault mechanisms. Called
 * once per run, before the kernel starts, with the run's world and deploy control.
 */
@FunctionalInterface
public interface FaultScheduler {

    void schedule(List<Fault> faults, World world, DeployControl deploy);
}
