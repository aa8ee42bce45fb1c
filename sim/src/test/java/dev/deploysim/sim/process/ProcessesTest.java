package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated runtime's own guarantees, beyond the shared contract: exact virtual timings,
 * tie order, deadlock reports, no lost failures, bounded runs and clean shutdown.
 */
class ProcessesTest {

    private final Kernel kernel = new Kernel();
    private final Processes ps = new Processes(kernel);
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void shutDown() {
        ps.shutdown();
        assertThat(ps.liveCount()).isZero();
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private void note(String what) {
        log.add(what + "@" + kernel.now().toSeconds());
    }

    private RunResult run() {
        return kernel.run(Long.MAX_VALUE, 1_000_000);
    }

    // ---- ordering ----

    @Test
    void sameInstantWakeUpsRunInTheOrderTheyWereScheduled() {
        kernel.scheduleAfter(s(10), "event", () -> note("event"));
        ps.spawn("p0", () -> { ps.sleep(s(10)); note("p0"); return null; });
        ps.spawn("p1", () -> { ps.sleep(s(4)); ps.sleep(s(6)); note("p1"); return null; });
        ps.spawn("p2", () -> { ps.sleep(s(10)); note("p2"); return null; });
        assertThat(run().outcome()).isEqualTo(Outcome.QUIESCENT);
        // The event was scheduled first, then p0's and p2's wake-ups at 0 s, p1's only at 4 s.
        assertThat(log).containsExactly("event@10", "p0@10", "p2@10", "p1@10");
    }

    @Test
    void spawnedProcessesStartInSpawnOrderAfterEventsAlreadyDue() {
        kernel.schedule(0, "due", () -> {
            note("due");
            ps.spawn("from-event", () -> { note("from-event"); return null; });
        });
        ps.spawn("a", () -> {
            note("a");
            ps.spawn("child", () -> { note("child"); return null; }); // unawaited but succeeds: fine
            ps.sleep(Duration.ZERO); // yields to everything due now
            note("a after yield");
            return null;
        });
        ps.spawn("b", () -> { note("b"); return null; });
        assertThat(run().outcome()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("due@0", "a@0", "b@0", "from-event@0", "child@0", "a after yield@0");
    }

    @Test
    void eventsFireOnTheThreadOfTheProcessThatYieldsWithNoSchedulerThreadInBetween() {
        Thread[] firedOn = new Thread[1];
        SimProcess<Object> p = ps.spawn("p", () -> { ps.sleep(s(2)); return null; });
        kernel.scheduleAfter(s(1), "probe", () -> firedOn[0] = Thread.currentThread());
        run();
        assertThat(firedOn[0]).isSameAs(p.thread());
        assertThat(firedOn[0].isVirtual()).isTrue();
    }

    // ---- task groups, exactly in virtual time ----

    @Test
    void groupStartsTasksInSubmissionOrderAsSlotsFreeUpAndRunsExactlyLimitAtOnce() {
        ps.spawn("main", () -> {
            TaskGroup g = ps.group("g", 3, true);
            for (int i = 0; i < 7; i++) {
                int n = i;
                g.go("t" + n, () -> { note("start t" + n); ps.sleep(s(1 + n % 2)); return null; });
            }
            g.await();
            note("done");
            return null;
        });
        assertThat(run().outcome()).isEqualTo(Outcome.QUIESCENT);
        // Even tasks take 1 s, odd ones 2 s. t0, t1, t2 start at 0; t0 and t2 end at 1 (t3, t4
        // start); t1 and t4 end at 2 (t5, t6 start); t3 and t6 end at 3; t5 ends at 4.
        assertThat(log).containsExactly("start t0@0", "start t1@0", "start t2@0", "start t3@1", "start t4@1",
                "start t5@2", "start t6@2", "done@4");
    }

    @Test
    void cancelOnErrorCancelsSiblingsAtTheInstantOfTheFailure() {
        IllegalStateException boom = new IllegalStateException("boom");
        SimProcess<Object> main = ps.spawn("main", () -> {
            TaskGroup g = ps.group("g", 2, true);
            g.go("long", () -> {
                try {
                    ps.sleep(s(100));
                } catch (CancelledException e) {
                    note("long cancelled");
                    throw e;
                }
                return null;
            });
            g.go("fails", () -> { ps.sleep(s(3)); throw boom; });
            g.go("queued", () -> { note("queued ran"); return null; });
            try {
                g.await();
            } catch (IllegalStateException e) {
                note("await threw " + e.getMessage());
            }
            return null;
        });
        RunResult r = run();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("long cancelled@3", "await threw boom@3");
        assertThat(kernel.now()).isEqualTo(s(3));
        assertThat(main.isDone()).isTrue();
    }

    @Test
    void deeplyNestedCancelOnErrorGroupsUnwindCompletelyAtTheFailure() {
        IllegalStateException leafFailure = new IllegalStateException("leaf 2.1.0 failed");
        int[] leaves = new int[2]; // started, cancelled
        ps.spawn("root", () -> {
            try {
                tree("t", 0, leafFailure, leaves);
            } catch (IllegalStateException e) {
                note(e == leafFailure ? "root got the leaf's failure" : "root got " + e);
            }
            return null;
        });
        RunResult r = run();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("root got the leaf's failure@5");
        assertThat(leaves[0]).isEqualTo(27);
        assertThat(leaves[1]).isEqualTo(26); // every other leaf was cancelled
        // Everything ended at the failure: nothing lingered until the 100 s sleeps ran out.
        assertThat(kernel.now()).isEqualTo(s(5));
        assertThat(ps.liveCount()).isZero();
    }

    /** A tree of cancel-on-error groups, fan-out 3, depth 3; leaf t.2.1.0 fails at 5 s. */
    private void tree(String name, int depth, RuntimeException failure, int[] leaves) {
        if (depth == 3) {
            leaves[0]++;
            if (name.equals("t.2.1.0")) {
                ps.sleep(s(5));
                throw failure;
            }
            try {
                ps.sleep(s(100));
            } catch (CancelledException e) {
                leaves[1]++;
                throw e;
            }
            return;
        }
        TaskGroup g = ps.group(name, 3, true);
        for (int i = 0; i < 3; i++) {
            String child = name + "." + i;
            g.go(child, () -> { tree(child, depth + 1, failure, leaves); return null; });
        }
        g.await();
    }

    // ---- deadlock ----

    @Test
    void deadlockReportNamesEveryParkedProcessAndWhatItWaitsFor() {
        ps.spawn("main", () -> {
            Task<Object> sleeper = ps.fork("sleeper", () -> { ps.sleep(Tasks.FOREVER); return null; });
            Task<Object> anyWaiter = ps.fork("anyWaiter", () -> ps.awaitAny(List.of(sleeper), Tasks.FOREVER));
            TaskGroup g = ps.group("pool", 2, false);
            g.go("member", () -> ps.await(anyWaiter, Tasks.FOREVER));
            g.await();
            return null;
        });
        RunResult r = run();
        assertThat(r.outcome()).isEqualTo(Outcome.DEADLOCK);
        assertThat(r.detail()).contains("4 process(es) parked")
                .contains("main#0 waits for task group pool")
                .contains("sleeper#1 waits for cancellation (sleeping forever)")
                .contains("anyWaiter#2 waits for any of tasks [sleeper#1]")
                .contains("member#3 waits for task anyWaiter#2");
    }

    @Test
    void aPendingDeadlineIsNotADeadlock() {
        ps.spawn("a", () -> {
            Task<Object> b = ps.fork("b", () -> { ps.sleep(Tasks.FOREVER); return null; });
            try {
                ps.await(b, s(30));
            } catch (dev.deploysim.model.concurrent.DeadlineExceededException e) {
                note("deadline");
            }
            b.cancel();
            catchThrowable(() -> ps.await(b, Tasks.FOREVER));
            return null;
        });
        RunResult r = run();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("deadline@30");
    }

    // ---- no failure is lost ----

    @Test
    void anUnawaitedFailedProcessFailsTheRun() {
        IllegalStateException boom = new IllegalStateException("boom");
        ps.spawn("orphan", () -> { ps.sleep(s(1)); throw boom; });
        ps.spawn("bystander", () -> { ps.sleep(s(2)); return null; });
        RunResult r = run();
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.detail()).contains("orphan").contains("boom");
        assertThat(r.failure().orElseThrow()).hasCause(boom);
    }

    @Test
    void aFailureAwaitedLaterIsObserved() {
        ps.spawn("main", () -> {
            Task<Object> early = ps.fork("early", () -> { throw new IllegalStateException("early"); });
            ps.sleep(s(10));
            note(catchThrowable(() -> ps.await(early, Tasks.FOREVER)).getMessage());
            return null;
        });
        RunResult r = run();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("early@10");
    }

    @Test
    void aFailureInAGroupNobodyAwaitsFailsTheRun() {
        ps.spawn("main", () -> {
            TaskGroup g = ps.group("forgotten", 2, false);
            g.go("fails", () -> { throw new IllegalStateException("in group"); });
            return null;
        });
        RunResult r = run();
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.detail()).contains("task group forgotten").contains("in group");
    }

    @Test
    void aCancelledProcessNobodyAwaitsIsNotAFailure() {
        ps.spawn("main", () -> {
            Task<Object> t = ps.fork("t", () -> { ps.sleep(s(100)); return null; });
            ps.sleep(s(1));
            t.cancel();
            return null;
        });
        RunResult r = run();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(kernel.now()).isEqualTo(s(1));
    }

    @Test
    void failuresAreJudgedAtQuiescenceNotAtATimeLimitButRemainVisible() {
        IllegalStateException boom = new IllegalStateException("boom");
        SimProcess<Object> p = ps.spawn("p", () -> { ps.sleep(s(1)); throw boom; });
        ps.spawn("later", () -> { ps.sleep(s(100)); return null; });
        RunResult r = kernel.runUntil(s(10));
        assertThat(r.outcome()).isEqualTo(Outcome.TIME_LIMIT);
        assertThat(ps.unobservedFailures()).singleElement().satisfies(t -> assertThat(t).hasCause(boom));
        assertThat(p.failureNow()).isSameAs(boom);
        assertThat(ps.unobservedFailures()).isEmpty();
        assertThat(kernel.runUntilQuiescent().outcome()).isEqualTo(Outcome.QUIESCENT);
    }

    @Test
    void errorsReachTheAwaiterUnwrapped() {
        AssertionError error = new AssertionError("an Error, not an Exception");
        ps.spawn("main", () -> {
            Task<Object> t = ps.fork("t", () -> { throw error; });
            note(catchThrowable(() -> ps.await(t, Tasks.FOREVER)) == error ? "same error" : "other");
            return null;
        });
        assertThat(run().outcome()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("same error@0");
    }

    @Test
    void blockingFromAnEventActionFailsTheRun() {
        kernel.scheduleAfter(s(1), "bad action", () -> ps.sleep(s(1)));
        RunResult r = run();
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure().orElseThrow()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from a process");
    }

    @Test
    void tasksOfAnotherRuntimeAreRejected() {
        Processes other = new Processes(new Kernel());
        SimProcess<Object> foreign = other.spawn("foreign", () -> null);
        ps.spawn("main", () -> {
            note(catchThrowable(() -> ps.await(foreign, Tasks.FOREVER)).getClass().getSimpleName());
            return null;
        });
        run();
        other.shutdown();
        assertThat(log).containsExactly("IllegalArgumentException@0");
    }

    // ---- bounded runs ----

    @Test
    void processesLoopingZeroSleepsExhaustTheBudgetInsteadOfHanging() {
        for (int i = 0; i < 3; i++) {
            ps.spawn("spinner" + i, () -> {
                while (true) {
                    ps.sleep(Duration.ZERO);
                }
            });
        }
        RunResult r = kernel.run(Long.MAX_VALUE, 100_000);
        assertThat(r.outcome()).isEqualTo(Outcome.EVENT_BUDGET_EXHAUSTED);
        assertThat(r.eventsExecuted()).isEqualTo(100_000);
        assertThat(kernel.nowNanos()).isZero();
        assertThat(r.detail()).contains("spinner");
    }

    @Test
    void processesContinueAcrossSuccessiveBoundedRuns() {
        ps.spawn("ticker", () -> {
            for (int i = 0; i < 5; i++) {
                ps.sleep(s(1));
                note("tick");
            }
            return null;
        });
        assertThat(kernel.runUntil(s(2)).outcome()).isEqualTo(Outcome.TIME_LIMIT);
        assertThat(kernel.run(Long.MAX_VALUE, 2).outcome()).isEqualTo(Outcome.EVENT_BUDGET_EXHAUSTED);
        assertThat(kernel.runUntilQuiescent().outcome()).isEqualTo(Outcome.QUIESCENT);
        assertThat(log).containsExactly("tick@1", "tick@2", "tick@3", "tick@4", "tick@5");
    }

    // ---- shutdown ----

    @Test
    void shutdownUnwindsEveryLiveProcessAndEndsItsThread() {
        List<SimProcess<?>> started = new ArrayList<>();
        started.add(ps.spawn("sleeper", () -> {
            try {
                ps.sleep(s(1000));
            } finally {
                log.add("sleeper finally");
                // Blocking while being killed throws again rather than parking.
                log.add("sleep in finally: " + catchThrowable(() -> ps.sleep(s(1))).getClass().getSimpleName());
            }
            return null;
        }));
        started.add(ps.spawn("awaiter", () -> ps.await(started.get(0), Tasks.FOREVER)));
        started.add(ps.spawn("grouper", () -> {
            TaskGroup g = ps.group("g", 1, true);
            g.go("member", () -> { ps.sleep(Tasks.FOREVER); return null; });
            g.go("queued", () -> null);
            g.await();
            return null;
        }));
        started.add(ps.spawn("strategyLike", () -> {
            try {
                ps.sleep(s(1000));
            } catch (Exception e) { // code that catches Exception cannot swallow the kill
                log.add("swallowed");
            }
            return null;
        }));
        assertThat(kernel.runUntil(s(10)).outcome()).isEqualTo(Outcome.TIME_LIMIT);
        SimProcess<Object> neverStarted = ps.spawn("neverStarted", () -> { log.add("neverStarted ran"); return null; });
        assertThat(ps.liveCount()).isEqualTo(6); // four, the member and neverStarted

        ps.shutdown();

        assertThat(ps.liveCount()).isZero();
        assertThat(log).containsExactly("sleeper finally", "sleep in finally: KilledError");
        for (SimProcess<?> p : started) {
            assertThat(p.isDone()).isTrue();
            assertThat(p.thread().isAlive()).as(p.name()).isFalse();
        }
        assertThat(neverStarted.isDone()).isTrue();
        assertThat(neverStarted.thread()).isNull();
        assertThat(ps.spawn("afterShutdown", () -> null).isDone()).isTrue();
    }

    @Test
    void shutdownFromInsideARunIsRefused() {
        ps.spawn("p", () -> {
            note(catchThrowable(ps::shutdown).getClass().getSimpleName());
            return null;
        });
        run();
        assertThat(log).containsExactly("IllegalStateException@0");
    }

    @Test
    void blockingCallsFromTheDrivingThreadAreRejected() {
        SimProcess<Object> p = ps.spawn("p", () -> null);
        run();
        assertThatThrownBy(() -> ps.await(p, Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called from a process");
        assertThatThrownBy(() -> ps.sleep(s(1))).isInstanceOf(IllegalStateException.class);
    }
}
