package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.concurrent.TaskFailedException;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import java.time.Duration;

/** The {@link TasksContractTest} on the simulated runtime: virtual time, one process at a time. */
class SimTasksContractTest extends TasksContractTest {

    @Override
    <T> T run(Scenario<T> scenario) {
        Kernel kernel = newKernel();
        Processes processes = new Processes(kernel);
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        processes.spawn("main", () -> {
            try {
                result[0] = scenario.run(processes, processes);
            } catch (Throwable t) {
                failure[0] = t;
            }
            return null;
        });
        RunResult r = kernel.run(Long.MAX_VALUE, 1_000_000);
        processes.shutdown();
        // Quiescent: every process finished and no failure went unobserved.
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        if (failure[0] != null) {
            throw TaskFailedException.propagate("main", failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /** The kernel each scenario runs on. */
    Kernel newKernel() {
        return new Kernel();
    }

    @Override
    Duration tick() {
        return Duration.ofSeconds(1);
    }
}
