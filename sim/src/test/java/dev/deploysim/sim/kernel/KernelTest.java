package dev.deploysim.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The event kernel without processes: ordering, cancellation, bounded runs and verdicts. */
class KernelTest {

    private static Runnable log(List<String> log, String entry) {
        return () -> log.add(entry);
    }

    @Test
    void eventsFireInTimeOrderRegardlessOfScheduleOrder() {
        Kernel k = new Kernel();
        List<String> log = new ArrayList<>();
        k.schedule(30, "c", log(log, "c@30"));
        k.schedule(10, "a", log(log, "a@10"));
        k.schedule(20, "b", log(log, "b@20"));
        RunResult r = k.runUntilQuiescent();
        assertThat(log).containsExactly("a@10", "b@20", "c@30");
        assertThat(r.outcome()).isEqualTo(Outcome.QUIESCENT);
        assertThat(r.eventsExecuted()).isEqualTo(3);
        assertThat(k.nowNanos()).isEqualTo(30);
    }

    @Test
    void eventsAtTheSameTimeFireInScheduleOrderIncludingOnesScheduledMeanwhile() {
        Kernel k = new Kernel();
        List<String> log = new ArrayList<>();
        k.schedule(5, "first", () -> {
            log.add("first");
            // Scheduled now for now: runs after everything already due at 5.
            k.schedule(5, "late", log(log, "late"));
        });
        k.schedule(5, "second", log(log, "second"));
        k.schedule(5, "third", log(log, "third"));
        k.runUntilQuiescent();
        assertThat(log).containsExactly("first", "second", "third", "late");
    }

    @Test
    void tieOrderHoldsAcrossAHeapOfManyEqualAndUnequalTimes() {
        // Against an oracle: a stable sort by time of the schedule order.
        Kernel k = new Kernel();
        SplittableRandom rnd = new SplittableRandom(7);
        List<long[]> scheduled = new ArrayList<>();
        List<Integer> fired = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long t = rnd.nextInt(50); // many ties
            int id = i;
            scheduled.add(new long[] {t, i});
            k.schedule(t, "e", () -> fired.add(id));
        }
        k.runUntilQuiescent();
        List<Integer> expected = scheduled.stream()
                .sorted((x, y) -> Long.compare(x[0], y[0])) // List.sort is stable
                .map(x -> (int) x[1]).toList();
        assertThat(fired).isEqualTo(expected);
    }

    @Test
    void cancelledEventsNeverFireAndAreNotCounted() {
        Kernel k = new Kernel();
        List<String> log = new ArrayList<>();
        Event a = k.schedule(10, "a", log(log, "a"));
        k.schedule(20, "b", log(log, "b"));
        Event c = k.schedule(30, "c", log(log, "c"));
        k.schedule(15, "cancel c", c::cancel);
        a.cancel();
        RunResult r = k.runUntilQuiescent();
        assertThat(log).containsExactly("b");
        assertThat(a.isCancelled()).isTrue();
        assertThat(r.eventsExecuted()).isEqualTo(2); // "cancel c" and b
        assertThat(k.nowNanos()).isEqualTo(20);
    }

    @Test
    void schedulingInThePastIsRejected() {
        Kernel k = new Kernel();
        k.schedule(100, "x", () -> { });
        k.runUntilQuiescent();
        assertThatThrownBy(() -> k.schedule(99, "past", () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past");
    }

    @Test
    void runUntilFiresEventsUpToAndIncludingTheLimitThenSetsTheClockToIt() {
        Kernel k = new Kernel();
        List<String> log = new ArrayList<>();
        k.scheduleAfter(Duration.ofSeconds(1), "1s", log(log, "1s"));
        k.scheduleAfter(Duration.ofSeconds(2), "2s", log(log, "2s"));
        k.scheduleAfter(Duration.ofSeconds(3), "3s", log(log, "3s"));
        RunResult r = k.runUntil(Duration.ofMillis(2500));
        assertThat(r.outcome()).isEqualTo(Outcome.TIME_LIMIT);
        assertThat(log).containsExactly("1s", "2s");
        assertThat(k.now()).isEqualTo(Duration.ofMillis(2500));
        RunResult r2 = k.runUntil(Duration.ofSeconds(3));
        assertThat(log).containsExactly("1s", "2s", "3s");
        assertThat(r2.outcome()).isEqualTo(Outcome.QUIESCENT);
        assertThat(r2.eventsExecuted()).isEqualTo(1);
    }

    @Test
    void eventBudgetEndsARunawayModelWithAVerdictInsteadOfAHang() {
        Kernel k = new Kernel();
        Runnable[] again = new Runnable[1];
        again[0] = () -> k.scheduleAfterNanos(0, "again", again[0]); // never advances time
        k.schedule(0, "again", again[0]);
        RunResult r = k.run(Long.MAX_VALUE, 10_000);
        assertThat(r.outcome()).isEqualTo(Outcome.EVENT_BUDGET_EXHAUSTED);
        assertThat(r.eventsExecuted()).isEqualTo(10_000);
        assertThat(r.detail()).contains("10000").contains("again");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aThrowingActionFailsTheRunAndStopsIt() {
        Kernel k = new Kernel();
        List<String> log = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        k.schedule(1, "ok", log(log, "ok"));
        k.schedule(2, "bad", () -> { throw boom; });
        k.schedule(3, "after", log(log, "after"));
        RunResult r = k.runUntilQuiescent();
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).containsSame(boom);
        assertThat(r.detail()).contains("bad");
        assertThat(log).containsExactly("ok");
    }

    @Test
    void traceHashDependsOnTimesAndLabelsInFiringOrder() {
        assertThat(hashOf(new long[] {1, 2}, new String[] {"a", "b"}))
                .isEqualTo(hashOf(new long[] {1, 2}, new String[] {"a", "b"}))
                .isNotEqualTo(hashOf(new long[] {1, 3}, new String[] {"a", "b"}))
                .isNotEqualTo(hashOf(new long[] {1, 2}, new String[] {"a", "c"}))
                .isNotEqualTo(hashOf(new long[] {1, 1}, new String[] {"b", "a"}));
    }

    private static long hashOf(long[] times, String[] labels) {
        Kernel k = new Kernel();
        for (int i = 0; i < times.length; i++) {
            k.schedule(times[i], labels[i], () -> { });
        }
        k.runUntilQuiescent();
        return k.traceHash();
    }

    @Test
    void runCannotBeReentered() {
        Kernel k = new Kernel();
        RunResult[] inner = new RunResult[1];
        k.schedule(0, "reenter", () -> inner[0] = k.runUntilQuiescent());
        RunResult r = k.runUntilQuiescent();
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure().orElseThrow()).isInstanceOf(IllegalStateException.class);
        assertThat(inner[0]).isNull();
    }
}
