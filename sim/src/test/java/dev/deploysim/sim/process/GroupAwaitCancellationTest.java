package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cancelled {@code TaskGroup.await} returns as Go's {@code Wait} does: only once every task of
 * the group has returned, so no task outlives its awaiter and fails unobserved (the property
 * suite found a recovery-path deploy, aborted, whose pool kept running and failed after the
 * deploy had returned).
 */
class GroupAwaitCancellationTest {
    private final Kernel kernel = new Kernel();
    private final Processes ps = new Processes(kernel);
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void shutDown() {
        ps.shutdown();
    }

    @Test
    void aCancelledAwaiterWaitsForItsTasksAndTheirLaterFailureIsNotUnobserved() {
        Task<Object> main = ps.fork("main", () -> {
            TaskGroup g = ps.group("pool", 2, false);
            g.go("cleanup", () -> {
                try {
                    ps.sleep(Duration.ofSeconds(10));
                } catch (CancelledException e) {
                    // a task that, cancelled, still finishes its work and then fails, as a port's
                    // update wrapping its cancellation in an error does
                    ps.withoutCancel(() -> {
                        ps.sleep(Duration.ofSeconds(2));
                        return null;
                    });
                    throw new IllegalStateException("failed after the cancellation");
                }
                return null;
            });
            try {
                g.await();
            } finally {
                log.add("await returned at " + kernel.now().toSeconds() + " s");
            }
            return null;
        });
        ps.spawn("canceller", () -> {
            ps.sleep(Duration.ofSeconds(1));
            main.cancel();
            return null;
        });
        RunResult r = kernel.runUntilQuiescent();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(ps.unobservedFailures()).isEmpty();
        assertThat(log).containsExactly("await returned at 3 s");
        assertThat(main.isDone()).isTrue();
    }
}
