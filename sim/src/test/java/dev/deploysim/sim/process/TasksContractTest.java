package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.concurrent.DeadlineExceededException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskFailedException;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.concurrent.Tasks;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The contract of the model's {@link Clock} and {@link Tasks} ports, run against the simulated
 * runtime and the real-clock one. Every scenario runs as a root task and asserts orderings and
 * outcomes, never durations. Sleeps are multiples of {@link #tick()}, tiny on the real clock;
 * where an ordering must not depend on how fast a real thread gets going, the scenario waits
 * for a signal ({@link #until}) instead of for time, and where it compares sleeps, they differ
 * by at least two ticks.
 */
abstract class TasksContractTest {

    /** A scenario: the body of the root task. */
    @FunctionalInterface
    interface Scenario<T> {
        T run(Clock clock, Tasks tasks) throws Exception;
    }

    /**
     * Runs {@code scenario} as the root task of a fresh runtime, waits until it and every task
     * it started are done, and returns its result or rethrows its failure (checked ones wrapped
     * in {@link TaskFailedException}).
     */
    abstract <T> T run(Scenario<T> scenario);

    /** The unit of every sleep in the contract. */
    abstract Duration tick();

    private Duration ticks(int n) {
        return tick().multipliedBy(n);
    }

    /** A sleep long enough that only cancellation ends it. */
    private static final Duration HOUR = Duration.ofHours(1);

    private static List<String> log() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Waits, by polling with short sleeps, until {@code condition} holds. */
    private static void until(Clock clock, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            clock.sleep(Duration.ofMillis(1));
        }
    }

    @Test
    void sleepersWakeInOrderOfTheirDeadlines() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            Task<?> a = tasks.fork("a", () -> { clock.sleep(ticks(5)); l.add("a"); return null; });
            Task<?> b = tasks.fork("b", () -> { clock.sleep(ticks(1)); l.add("b"); return null; });
            Task<?> c = tasks.fork("c", () -> { clock.sleep(ticks(3)); l.add("c"); return null; });
            for (Task<?> t : List.of(a, b, c)) {
                tasks.await(t, Tasks.FOREVER);
            }
            return l;
        });
        assertThat(log).containsExactly("b", "c", "a");
    }

    @Test
    void nowAdvancesAtLeastBySleptDuration() {
        List<Instant> instants = run((clock, tasks) -> {
            Instant before = clock.now();
            clock.sleep(ticks(2));
            return List.of(before, clock.now());
        });
        assertThat(Duration.between(instants.get(0), instants.get(1))).isGreaterThanOrEqualTo(ticks(2));
    }

    @Test
    void zeroAndNegativeSleepsReturn() {
        String r = run((clock, tasks) -> {
            clock.sleep(Duration.ZERO);
            clock.sleep(Duration.ofSeconds(-5));
            return "returned";
        });
        assertThat(r).isEqualTo("returned");
    }

    @Test
    void awaitReturnsTheTaskResult() {
        Integer r = run((clock, tasks) -> {
            Task<Integer> t = tasks.fork("t", () -> { clock.sleep(ticks(1)); return 42; });
            return tasks.await(t, Tasks.FOREVER);
        });
        assertThat(r).isEqualTo(42);
    }

    @Test
    void awaitRethrowsUncheckedFailuresAsTheyAre() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable caught = run((clock, tasks) -> {
            Task<Object> t = tasks.fork("t", () -> { clock.sleep(ticks(1)); throw boom; });
            return catchThrowable(() -> tasks.await(t, Tasks.FOREVER));
        });
        assertThat(caught).isSameAs(boom);
    }

    @Test
    void awaitWrapsCheckedFailuresInTaskFailedException() {
        IOException io = new IOException("disk");
        Throwable caught = run((clock, tasks) -> {
            Task<Object> t = tasks.fork("t", () -> { throw io; });
            return catchThrowable(() -> tasks.await(t, Tasks.FOREVER));
        });
        assertThat(caught).isInstanceOf(TaskFailedException.class).hasCause(io);
        assertThat(caught.getCause()).isSameAs(io);
    }

    @Test
    void checkedFailureOfTheRootTaskReachesTheCaller() {
        IOException io = new IOException("root");
        assertThatThrownBy(() -> run((clock, tasks) -> { throw io; }))
                .isInstanceOf(TaskFailedException.class)
                .cause().isSameAs(io);
    }

    @Test
    void awaitDeadlinePassesFirstAndTheTaskKeepsRunning() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            Task<String> slow = tasks.fork("slow", () -> { clock.sleep(ticks(6)); return "finished"; });
            try {
                tasks.await(slow, ticks(2));
                l.add("no deadline");
            } catch (DeadlineExceededException e) {
                l.add("deadline, done=" + slow.isDone());
            }
            l.add(tasks.await(slow, Tasks.FOREVER));
            return l;
        });
        assertThat(log).containsExactly("deadline, done=false", "finished");
    }

    @Test
    void awaitOfAFinishedTaskIgnoresTheDeadline() {
        String r = run((clock, tasks) -> {
            Task<String> t = tasks.fork("t", () -> "done");
            tasks.await(t, Tasks.FOREVER);
            return tasks.await(t, Duration.ZERO);
        });
        assertThat(r).isEqualTo("done");
    }

    @Test
    void awaitAnyReturnsTheFirstToFinish() {
        Integer index = run((clock, tasks) -> {
            Task<?> slow = tasks.fork("slow", () -> { clock.sleep(ticks(6)); return null; });
            Task<?> fast = tasks.fork("fast", () -> { clock.sleep(ticks(1)); return null; });
            int i = tasks.awaitAny(List.of(slow, fast), Tasks.FOREVER);
            tasks.await(slow, Tasks.FOREVER);
            return i;
        });
        assertThat(index).isEqualTo(1);
    }

    @Test
    void awaitAnyReturnsTheLowestIndexWhenSeveralAreDone() {
        Integer index = run((clock, tasks) -> {
            Task<?> slow = tasks.fork("slow", () -> { clock.sleep(ticks(10)); return null; });
            Task<?> x = tasks.fork("x", () -> { throw new IllegalStateException("x failed"); });
            Task<?> y = tasks.fork("y", () -> "y");
            until(clock, () -> x.isDone() && y.isDone());
            int i = tasks.awaitAny(List.of(slow, y, x), Tasks.FOREVER);
            // awaitAny never throws a task's failure; awaiting it does.
            assertThat(catchThrowable(() -> tasks.await(x, Tasks.FOREVER))).hasMessage("x failed");
            tasks.await(y, Tasks.FOREVER);
            slow.cancel();
            assertThat(catchThrowable(() -> tasks.await(slow, Tasks.FOREVER))).isInstanceOf(CancelledException.class);
            return i;
        });
        assertThat(index).isEqualTo(1);
    }

    @Test
    void awaitAnyDeadline() {
        Throwable t = run((clock, tasks) -> {
            Task<?> a = tasks.fork("a", () -> { clock.sleep(HOUR); return null; });
            Task<?> b = tasks.fork("b", () -> { clock.sleep(HOUR); return null; });
            Throwable thrown = catchThrowable(() -> tasks.awaitAny(List.of(a, b), ticks(2)));
            a.cancel();
            b.cancel();
            catchThrowable(() -> tasks.await(a, Tasks.FOREVER));
            catchThrowable(() -> tasks.await(b, Tasks.FOREVER));
            return thrown;
        });
        assertThat(t).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void groupNeverRunsMoreThanItsLimit() {
        List<Integer> r = run((clock, tasks) -> {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            TaskGroup g = tasks.group("g", 3, true);
            for (int i = 0; i < 10; i++) {
                g.go("t" + i, () -> {
                    max.accumulateAndGet(running.incrementAndGet(), Math::max);
                    clock.sleep(ticks(1));
                    running.decrementAndGet();
                    ran.incrementAndGet();
                    return null;
                });
            }
            g.await();
            return List.of(max.get(), ran.get());
        });
        assertThat(r.get(0)).isBetween(1, 3);
        assertThat(r.get(1)).isEqualTo(10);
    }

    @Test
    void groupWithLimitOneRunsTasksOneAfterAnotherInSubmissionOrder() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            TaskGroup g = tasks.group("g", 1, false);
            for (int i = 0; i < 5; i++) {
                int n = i;
                // Later tasks sleep less: only the limit keeps them in order.
                g.go("t" + n, () -> { l.add("start " + n); clock.sleep(ticks(5 - n)); l.add("end " + n); return null; });
            }
            g.await();
            return l;
        });
        assertThat(log).containsExactly("start 0", "end 0", "start 1", "end 1", "start 2", "end 2",
                "start 3", "end 3", "start 4", "end 4");
    }

    @Test
    void cancelOnErrorCancelsRunningAndQueuedSiblingsAndAwaitThrowsTheFirstError() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Object> r = run((clock, tasks) -> {
            List<String> l = log();
            TaskGroup g = tasks.group("g", 2, true);
            g.go("t1", () -> {
                l.add("t1 started");
                try {
                    clock.sleep(ticks(20));
                    l.add("t1 finished");
                } catch (CancelledException e) {
                    l.add("t1 cancelled");
                    throw e;
                }
                return null;
            });
            g.go("t2", () -> { until(clock, () -> l.contains("t1 started")); throw boom; });
            g.go("t3", () -> { l.add("t3 ran"); return null; });
            Throwable thrown = catchThrowable(g::await);
            return List.of(thrown, List.copyOf(l), g.errors());
        });
        assertThat(r.get(0)).isSameAs(boom);
        assertThat(r.get(1)).isEqualTo(List.of("t1 started", "t1 cancelled"));
        @SuppressWarnings("unchecked")
        List<Throwable> errors = (List<Throwable>) r.get(2);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).isInstanceOf(CancelledException.class);
        assertThat(errors.get(1)).isSameAs(boom);
    }

    @Test
    void cancelOnErrorWrapsACheckedFirstError() {
        IOException io = new IOException("io");
        Throwable thrown = run((clock, tasks) -> {
            TaskGroup g = tasks.group("g", 2, true);
            g.go("fails", () -> { throw io; });
            return catchThrowable(g::await);
        });
        assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(io);
    }

    @Test
    void groupWithoutCancelRunsEveryTaskAndReportsTheFirstErrorInSubmissionOrder() {
        IllegalStateException first = new IllegalStateException("first submitted, fails last");
        IllegalStateException second = new IllegalStateException("second submitted, fails first");
        List<Object> r = run((clock, tasks) -> {
            List<String> l = log();
            TaskGroup g = tasks.group("g", 3, false);
            g.go("t0", () -> { clock.sleep(ticks(3)); throw first; });
            g.go("t1", () -> { throw second; });
            g.go("t2", () -> { clock.sleep(ticks(1)); l.add("t2 finished"); return null; });
            g.go("t3", () -> { clock.sleep(ticks(4)); l.add("t3 finished"); return null; });
            Throwable thrown = catchThrowable(g::await);
            return List.of(thrown, List.copyOf(l), g.errors());
        });
        Throwable thrown = (Throwable) r.get(0);
        assertThat(thrown).isSameAs(first);
        assertThat(thrown.getSuppressed()).containsExactly(second);
        assertThat(r.get(1)).isEqualTo(List.of("t2 finished", "t3 finished"));
        assertThat(r.get(2)).isEqualTo(List.of(first, second));
    }

    @Test
    void cancellingAGroupSkipsQueuedTasksAndAwaitThrowsCancelled() {
        List<Object> r = run((clock, tasks) -> {
            List<String> l = log();
            TaskGroup g = tasks.group("g", 1, false);
            g.go("running", () -> {
                l.add("running started");
                try {
                    clock.sleep(HOUR);
                } catch (CancelledException e) {
                    l.add("running cancelled");
                    throw e;
                }
                return null;
            });
            g.go("queued", () -> { l.add("queued ran"); return null; });
            until(clock, () -> l.contains("running started"));
            g.cancel();
            Throwable thrown = catchThrowable(g::await);
            g.go("after cancel", () -> { l.add("submitted after cancel ran"); return null; });
            Throwable again = catchThrowable(g::await);
            return List.of(thrown, again, List.copyOf(l));
        });
        assertThat(r.get(0)).isInstanceOf(CancelledException.class);
        assertThat(r.get(1)).isInstanceOf(CancelledException.class);
        assertThat(r.get(2)).isEqualTo(List.of("running started", "running cancelled"));
    }

    @Test
    void cancellationWakesASleepingTask() {
        String r = run((clock, tasks) -> {
            List<String> l = log();
            Task<String> t = tasks.fork("sleeper", () -> {
                l.add("sleeping");
                try {
                    clock.sleep(HOUR);
                    return "slept an hour";
                } catch (CancelledException e) {
                    return "woken by cancellation";
                }
            });
            until(clock, () -> l.contains("sleeping"));
            clock.sleep(ticks(1));
            t.cancel();
            // Promptly: long before the hour is up, and before a short deadline.
            return tasks.await(t, ticks(5));
        });
        assertThat(r).isEqualTo("woken by cancellation");
    }

    @Test
    void cancellationWakesATaskSleepingForever() {
        Throwable thrown = run((clock, tasks) -> {
            Task<Object> t = tasks.fork("forever", () -> { clock.sleep(Tasks.FOREVER); return null; });
            clock.sleep(ticks(1));
            t.cancel();
            return catchThrowable(() -> tasks.await(t, Tasks.FOREVER));
        });
        assertThat(thrown).isInstanceOf(CancelledException.class);
    }

    @Test
    void cancellationWakesAnAwaitingTask() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            Task<Object> sleeper = tasks.fork("sleeper", () -> { clock.sleep(HOUR); return null; });
            Task<Object> waiter = tasks.fork("waiter", () -> {
                l.add("waiting");
                try {
                    tasks.await(sleeper, Tasks.FOREVER);
                    l.add("waiter saw the sleeper finish");
                } catch (CancelledException e) {
                    l.add("waiter cancelled while awaiting, sleeper done=" + sleeper.isDone());
                }
                return null;
            });
            until(clock, () -> l.contains("waiting"));
            clock.sleep(ticks(1));
            waiter.cancel();
            tasks.await(waiter, Tasks.FOREVER);
            sleeper.cancel();
            l.add("sleeper: " + catchThrowable(() -> tasks.await(sleeper, Tasks.FOREVER)).getClass().getSimpleName());
            return l;
        });
        assertThat(log).containsExactly("waiting", "waiter cancelled while awaiting, sleeper done=false",
                "sleeper: CancelledException");
    }

    @Test
    void cancellationWakesATaskAwaitingAGroup() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            Task<Object> owner = tasks.fork("owner", () -> {
                TaskGroup g = tasks.group("g", 2, true);
                g.go("member", () -> {
                    l.add("member started");
                    try {
                        clock.sleep(HOUR);
                    } catch (CancelledException e) {
                        l.add("member cancelled");
                        throw e;
                    }
                    return null;
                });
                try {
                    g.await();
                } catch (CancelledException e) {
                    l.add("owner cancelled in await");
                    throw e;
                }
                return null;
            });
            until(clock, () -> l.contains("member started"));
            clock.sleep(ticks(1));
            owner.cancel();
            catchThrowable(() -> tasks.await(owner, Tasks.FOREVER));
            until(clock, () -> l.contains("member cancelled"));
            return List.copyOf(l).stream().sorted().toList();
        });
        assertThat(log).containsExactly("member cancelled", "member started", "owner cancelled in await");
    }

    @Test
    void cancelledTaskSeesCancellationInEveryLaterBlockingCallButStillGetsFinishedResults() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            Task<String> done = tasks.fork("done", () -> "value");
            tasks.await(done, Tasks.FOREVER);
            Task<Object> t = tasks.fork("t", () -> {
                l.add("started");
                try {
                    clock.sleep(ticks(20));
                    l.add("sleep finished");
                } catch (CancelledException e) {
                    l.add("sleep cancelled");
                }
                l.add("cancelled()=" + tasks.cancelled());
                l.add("await of a finished task: " + tasks.await(done, Tasks.FOREVER));
                try {
                    clock.sleep(Duration.ZERO);
                    l.add("zero sleep returned");
                } catch (CancelledException e) {
                    l.add("zero sleep threw");
                }
                l.add("checkCancelled: " + catchThrowable(tasks::checkCancelled).getClass().getSimpleName());
                return null;
            });
            until(clock, () -> l.contains("started"));
            clock.sleep(ticks(1));
            t.cancel();
            tasks.await(t, Tasks.FOREVER);
            return l;
        });
        assertThat(log).containsExactly("started", "sleep cancelled", "cancelled()=true", "await of a finished task: value",
                "zero sleep threw", "checkCancelled: CancelledException");
    }

    @Test
    void withoutCancelShieldsBlockingCallsAndCancellationTakesEffectAfterwards() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            Task<Object> t = tasks.fork("cleanup", () -> {
                tasks.withoutCancel(() -> {
                    l.add("shielded");
                    until(clock, () -> l.contains("cancel sent"));
                    clock.sleep(ticks(2));
                    l.add("shielded sleep finished, cancelled()=" + tasks.cancelled());
                    return null;
                });
                l.add("after shield, cancelled()=" + tasks.cancelled());
                try {
                    clock.sleep(ticks(1));
                    l.add("unshielded sleep finished");
                } catch (CancelledException e) {
                    l.add("unshielded sleep cancelled");
                }
                return null;
            });
            until(clock, () -> l.contains("shielded"));
            t.cancel();
            l.add("cancel sent");
            tasks.await(t, Tasks.FOREVER);
            return l;
        });
        assertThat(log).containsExactly("shielded", "cancel sent", "shielded sleep finished, cancelled()=false",
                "after shield, cancelled()=true", "unshielded sleep cancelled");
    }

    @Test
    void withoutCancelWrapsCheckedExceptions() {
        IOException io = new IOException("io");
        Throwable thrown = run((clock, tasks) -> catchThrowable(() -> tasks.withoutCancel(() -> { throw io; })));
        assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(io);
    }

    @Test
    void cancellingAParentCancelsItsChildrenButNotThoseForkedWithoutCancel() {
        List<String> log = run((clock, tasks) -> {
            List<String> l = log();
            Task<Object> parent = tasks.fork("parent", () -> {
                Task<Object> child = tasks.fork("child", () -> {
                    try {
                        clock.sleep(HOUR);
                    } catch (CancelledException e) {
                        l.add("child cancelled");
                        throw e;
                    }
                    return null;
                });
                Task<String> detached = tasks.withoutCancel(() -> tasks.fork("detached", () -> {
                    clock.sleep(ticks(3));
                    return "detached finished";
                }));
                l.add("forked both");
                try {
                    tasks.await(child, Tasks.FOREVER);
                } catch (CancelledException e) {
                    l.add("parent cancelled");
                }
                tasks.withoutCancel(() -> {
                    l.add("child's outcome: " + catchThrowable(() -> tasks.await(child, Tasks.FOREVER)).getClass().getSimpleName());
                    l.add(tasks.await(detached, Tasks.FOREVER));
                    return null;
                });
                return null;
            });
            until(clock, () -> l.contains("forked both"));
            parent.cancel();
            tasks.await(parent, Tasks.FOREVER);
            return List.copyOf(l);
        });
        assertThat(log).containsAll(List.of("forked both", "child cancelled", "parent cancelled",
                "child's outcome: CancelledException", "detached finished"));
        assertThat(log.indexOf("child's outcome: CancelledException")).isLessThan(log.indexOf("detached finished"));
    }

    @Test
    void taskForkedByACancelledTaskStartsCancelled() {
        String r = run((clock, tasks) -> {
            List<String> l = log();
            Task<String> t = tasks.fork("t", () -> {
                l.add("sleeping");
                try {
                    clock.sleep(HOUR);
                } catch (CancelledException e) {
                    // swallowed: the task goes on, still cancelled
                }
                Task<String> late = tasks.fork("late", () -> "late ran");
                return tasks.withoutCancel(() -> {
                    Throwable thrown = catchThrowable(() -> tasks.await(late, Tasks.FOREVER));
                    return thrown == null ? "late ran" : thrown.getClass().getSimpleName();
                });
            });
            until(clock, () -> l.contains("sleeping"));
            t.cancel();
            return tasks.await(t, Tasks.FOREVER);
        });
        assertThat(r).isEqualTo("CancelledException");
    }

    @Test
    void nestedGroupsPropagateAnInnerErrorOutwards() {
        IllegalStateException inner = new IllegalStateException("inner failure");
        List<Object> r = run((clock, tasks) -> {
            List<String> l = log();
            TaskGroup outer = tasks.group("outer", 2, true);
            outer.go("a", () -> {
                TaskGroup g = tasks.group("inner", 2, true);
                g.go("a1", () -> {
                    until(clock, () -> l.contains("a2 started") && l.contains("b started"));
                    throw inner;
                });
                g.go("a2", () -> {
                    l.add("a2 started");
                    try {
                        clock.sleep(HOUR);
                    } catch (CancelledException e) {
                        l.add("a2 cancelled");
                        throw e;
                    }
                    return null;
                });
                g.await();
                return null;
            });
            outer.go("b", () -> {
                l.add("b started");
                try {
                    clock.sleep(HOUR);
                } catch (CancelledException e) {
                    l.add("b cancelled");
                    throw e;
                }
                return null;
            });
            Throwable thrown = catchThrowable(outer::await);
            return List.of(thrown, List.copyOf(l).stream().sorted().toList());
        });
        assertThat(r.get(0)).isSameAs(inner);
        assertThat(r.get(1)).isEqualTo(List.of("a2 cancelled", "a2 started", "b cancelled", "b started"));
    }

    @Test
    void nestedGroupsAreCancelledWhenTheOuterGroupFails() {
        IllegalStateException boom = new IllegalStateException("outer sibling failed");
        List<Object> r = run((clock, tasks) -> {
            List<String> l = log();
            TaskGroup outer = tasks.group("outer", 2, true);
            outer.go("a", () -> {
                TaskGroup g = tasks.group("inner", 1, false);
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    g.go("a" + n, () -> {
                        l.add("a" + n + " started");
                        try {
                            clock.sleep(HOUR);
                        } catch (CancelledException e) {
                            l.add("a" + n + " cancelled");
                            throw e;
                        }
                        return null;
                    });
                }
                try {
                    g.await();
                } finally {
                    // Wait for the inner tasks despite the cancellation, as structured code does.
                    tasks.withoutCancel(() -> { g.await(); return null; });
                }
                return null;
            });
            outer.go("b", () -> {
                until(clock, () -> l.contains("a0 started"));
                throw boom;
            });
            Throwable thrown = catchThrowable(outer::await);
            return List.of(thrown, List.copyOf(l));
        });
        assertThat(r.get(0)).isSameAs(boom);
        assertThat(r.get(1)).isEqualTo(List.of("a0 started", "a0 cancelled"));
    }
}
