package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.concurrent.Task;
import dev.deploysim.realtime.RealTasks;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link TasksContractTest} on the real-clock runtime: virtual threads and real sleeps of a
 * few tens of milliseconds. Orderings rest on gaps of at least one tick, never on how long
 * anything took.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RealTasksContractTest extends TasksContractTest {

    @Override
    <T> T run(Scenario<T> scenario) {
        try (RealTasks tasks = new RealTasks()) {
            Task<T> main = tasks.fork("main", () -> scenario.run(tasks, tasks));
            T result = tasks.await(main, Duration.ofSeconds(20));
            // Like the simulation's quiescence: the scenario awaited everything it started.
            assertThat(tasks.liveCount()).as("tasks still running after the root task").isZero();
            return result;
        }
    }

    @Override
    Duration tick() {
        return Duration.ofMillis(50);
    }
}
