package dev.deploysim.sim.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.observe.ServingTimeline.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingTimelineTest {
    private static final long S = 1_000_000_000L;

    private static ObservationLog log(Observation... obs) {
        ObservationLog log = new ObservationLog();
        for (Observation o : obs) {
            log.append(o);
        }
        return log;
    }

    @Test
    void servingNeedsBothTheProxysBeliefAndAnAnsweringApp() {
        ServingTimeline t = ServingTimeline.of(log(
                new AppReadyChanged(0, "a", "i", true),          // ready, proxy not told yet
                new ProxyViewChanged(2 * S, "a", true, 1 * S),    // now serving
                new AppReadyChanged(5 * S, "a", "i", false),      // stale route: routable but cannot answer
                new ProxyViewChanged(7 * S, "a", false, 5 * S)));
        assertThat(t.servingAt(1 * S)).isZero();
        assertThat(t.servingAt(2 * S)).isEqualTo(1);
        assertThat(t.servingAt(4 * S)).isEqualTo(1);
        assertThat(t.servingAt(5 * S)).isZero();
        assertThat(t.routableAt(6 * S)).as("the proxy still routes to it").isEqualTo(1);
        assertThat(t.routableAt(7 * S)).isZero();
        assertThat(t.zeroServingIntervals(0, 10 * S))
                .containsExactly(new Interval(0, 2 * S), new Interval(5 * S, 10 * S));
        assertThat(t.zeroServingNanos(0, 10 * S)).isEqualTo(7 * S);
    }

    @Test
    void aHandOverWithinOneInstantIsNoGap() {
        ServingTimeline t = ServingTimeline.of(log(
                new AppReadyChanged(0, "a", "i", true),
                new ProxyViewChanged(0, "a", true, 0),
                new AppReadyChanged(3 * S, "b", "j", true),
                new ProxyViewChanged(5 * S, "a", false, 4 * S),
                new ProxyViewChanged(5 * S, "b", true, 4 * S)));
        assertThat(t.minServing(0, 10 * S)).isEqualTo(1);
        assertThat(t.zeroServingIntervals(0, 10 * S)).isEmpty();
        assertThat(t.servingMachinesAt(4 * S)).containsExactly("a");
        assertThat(t.servingMachinesAt(5 * S)).containsExactly("b");
        assertThat(t.steps()).extracting(ServingTimeline.Step::atNanos).containsExactly(0L, 5 * S);
    }

    @Test
    void windowsClipIntervalsAndMinMaxLookOnlyInside() {
        ServingTimeline t = ServingTimeline.of(log(
                new AppReadyChanged(0, "a", "i", true),
                new AppReadyChanged(0, "b", "j", true),
                new ProxyViewChanged(0, "a", true, 0),
                new ProxyViewChanged(0, "b", true, 0),
                new ProxyViewChanged(4 * S, "a", false, 3 * S),
                new MachineDestroyed(6 * S, "b"),
                new AppReadyChanged(9 * S, "c", "k", true),
                new ProxyViewChanged(9 * S, "c", true, 8 * S)));
        assertThat(t.maxServing(0, 4 * S)).isEqualTo(2);
        assertThat(t.minServing(0, 4 * S)).isEqualTo(2);
        assertThat(t.minServing(4 * S, 6 * S)).isEqualTo(1);
        assertThat(t.minServing(0, 20 * S)).isZero();
        assertThat(t.servingAt(6 * S)).as("a destroyed machine answers nothing").isZero();
        assertThat(t.zeroServingIntervals(7 * S, 8 * S)).containsExactly(new Interval(7 * S, 8 * S));
        assertThat(t.zeroServingIntervals(0, 20 * S)).containsExactly(new Interval(6 * S, 9 * S));
        assertThat(t.zeroServingIntervals(5 * S, 5 * S)).isEmpty();
        assertThat(t.servingIntervalsByMachine(0, 20 * S)).containsOnlyKeys("a", "b", "c");
        assertThat(t.servingIntervalsByMachine(0, 20 * S).get("b")).containsExactly(new Interval(0, 6 * S));
        assertThat(t.servingIntervalsByMachine(0, 20 * S).get("c")).containsExactly(new Interval(9 * S, 20 * S));
        assertThat(t.endNanos()).isEqualTo(9 * S);
    }

    @Test
    void anEmptyLogServesNothing() {
        ServingTimeline t = ServingTimeline.of(List.of());
        assertThat(t.servingAt(0)).isZero();
        assertThat(t.zeroServingNanos(0, 3 * S)).isEqualTo(3 * S);
    }
}
