package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void sleepsInterleaveByVirtualTime() {
        Kernel k = new Kernel();
        Processes ps = new Processes(k);
        List<String> log = new ArrayList<>();
        ps.spawn("a", () -> { for (int i = 0; i < 3; i++) { ps.sleep(Duration.ofSeconds(2)); log.add("a" + k.now().toSeconds()); } return null; });
        ps.spawn("b", () -> { for (int i = 0; i < 2; i++) { ps.sleep(Duration.ofSeconds(3)); log.add("b" + k.now().toSeconds()); } return null; });
        RunResult r = k.runUntilQuiescent();
        assertThat(r.outcome()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("a2", "b3", "a4", "b6", "a6");
    }

    @Test
    void groupCancelsOnError() {
        Kernel k = new Kernel();
        Processes ps = new Processes(k);
        List<String> log = new ArrayList<>();
        var main = ps.spawn("main", () -> {
            TaskGroup g = ps.group("g", 2, true);
            g.go("t1", () -> { ps.sleep(Duration.ofSeconds(5)); log.add("t1 done"); return null; });
            g.go("t2", () -> { ps.sleep(Duration.ofSeconds(1)); throw new IllegalStateException("boom"); });
            g.go("t3", () -> { log.add("t3 ran"); return null; });
            try { g.await(); } catch (IllegalStateException e) { log.add("err " + e.getMessage() + " at " + k.now().toSeconds()); }
            return null;
        });
        RunResult r = k.runUntilQuiescent();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("err boom at 1");
        assertThat(main.isDone()).isTrue();
    }

    @Test
    void deadlockIsReported() {
        Kernel k = new Kernel();
        Processes ps = new Processes(k);
        var a = new Object() { SimProcess<?> other; };
        SimProcess<Object> x = ps.spawn("x", () -> ps.await(a.other, dev.deploysim.model.concurrent.Tasks.FOREVER));
        a.other = ps.spawn("y", () -> ps.await(x, dev.deploysim.model.concurrent.Tasks.FOREVER));
        RunResult r = k.runUntilQuiescent();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.DEADLOCK);
        assertThat(r.detail()).contains("x#0 waits for task y#1").contains("y#1 waits for task x#0");
        ps.shutdown();
        assertThat(ps.liveCount()).isZero();
    }
}
