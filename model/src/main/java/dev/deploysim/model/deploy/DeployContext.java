package dev.deploysim.model.deploy;

import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.machines.MachinesApi;
import java.util.Objects;

/**
 * Everything a strategy may touch while deploying: nothing else is reachable from it.
 *
 * @param appName the app being deployed
 * @param release the target release
 * @param options resolved and validated options
 * @param machines the Machines API, bound to this deploy's lease owner
 * @param clock virtual or real time
 * @param tasks forking, awaiting and task groups
 * @param steps the step recorder
 */
public record DeployContext(String appName, Release release, Options options, MachinesApi machines, Clock clock,
                            Tasks tasks, StepRecorder steps) {
    public DeployContext {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(machines, "machines");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(steps, "steps");
    }
}
