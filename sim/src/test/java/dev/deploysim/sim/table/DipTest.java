package dev.deploysim.sim.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.table.Dip.Change;
import dev.deploysim.sim.table.Dip.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dips and their causes on hand-written logs, every time checked by hand. */
class DipTest {
    private static final long S = 1_000_000_000L;

    private static ObservationLog log(Observation... obs) {
        ObservationLog log = new ObservationLog();
        for (Observation o : obs) {
            log.append(o);
        }
        return log;
    }

    private static AppReadyChanged ready(long t, String id, boolean ready) {
        return new AppReadyChanged(t, id, "i-" + id, ready);
    }

    /**
     * a and b serve; a's update kills it at 5 s; b's cordon (in truth at 4 s) reaches the proxy at
     * 6 s; a's new version answers at 10 s while the proxy still routes to it (a stale route that
     * turns live); c, routable since 7 s, reaches the proxy at 12 s.
     */
    private static ObservationLog handOver() {
        return log(
                ready(0, "a", true), ready(0, "b", true),
                new ProxyViewChanged(0, "a", true, 0), new ProxyViewChanged(0, "b", true, 0),
                ready(1 * S, "c", true),
                ready(5 * S, "a", false),
                new MachineStateChanged(5 * S, "a", MachineState.STARTED, MachineState.REPLACING, "v2", "i2"),
                new ProxyViewChanged(6 * S, "b", false, 4 * S),
                ready(10 * S, "a", true),
                new ProxyViewChanged(12 * S, "c", true, 7 * S),
                new ProxyViewChanged(13 * S, "a", false, 5 * S));
    }

    @Test
    void aWindowIsExplainedByTheMachinesThatLeftAndJoinedAtItsEdges() {
        // serving: {a,b} until 5 s, {b} until 6 s, {} until 10 s, {a} until 12 s, {a,c} until 13 s, then {c}
        List<Dip> windows = Dip.zeroWindows(handOver(), 0, 20 * S);
        assertThat(windows).hasSize(1);
        Dip w = windows.get(0);
        assertThat(w.startNanos()).isEqualTo(6 * S);
        assertThat(w.endNanos()).isEqualTo(10 * S);
        assertThat(w.opener()).isEqualTo(new Change("b", Kind.UNROUTED, 4 * S, null));
        assertThat(w.closer()).isEqualTo(new Change("a", Kind.APP_READY, 10 * S, null));
        assertThat(w.servingAtStart()).isZero();
        assertThat(w.pending()).as("c answers but is not routable in truth until 7 s").isEmpty();
        assertThat(w.causedByPropagationLag()).isFalse();
    }

    @Test
    void dipsBelowAThresholdOpenWithAKillAndMayRunToTheEndOfTheRange() {
        List<Dip> dips = Dip.below(handOver(), 2, 0, 20 * S);
        assertThat(dips).hasSize(2);
        Dip first = dips.get(0);
        assertThat(first.startNanos()).isEqualTo(5 * S);
        assertThat(first.endNanos()).isEqualTo(12 * S);
        assertThat(first.opener()).isEqualTo(new Change("a", Kind.KILLED, 5 * S, MachineState.REPLACING));
        assertThat(first.closer()).isEqualTo(new Change("c", Kind.PROXY_LEARNED, 7 * S, null));
        assertThat(first.pending()).as("c became routable at 7 s, after the dip opened").isEmpty();
        assertThat(first.causedByPropagationLag()).isFalse();
        Dip last = dips.get(1);
        assertThat(last.startNanos()).isEqualTo(13 * S);
        assertThat(last.endNanos()).isEqualTo(20 * S);
        assertThat(last.opener()).isEqualTo(new Change("a", Kind.UNROUTED, 5 * S, null));
        assertThat(last.isClosed()).isFalse();
        assertThatThrownBy(last::closer).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWindowClosedByAMachineRoutableBeforeItOpenedIsOwedToPropagationLag() {
        ObservationLog log = log(
                ready(0, "a", true), new ProxyViewChanged(0, "a", true, 0),
                ready(1 * S, "b", true),
                ready(5 * S, "a", false),
                new MachineStateChanged(5 * S, "a", MachineState.STARTED, MachineState.DESTROYING, "v1", "i1"),
                new MachineDestroyed(6 * S, "a"),
                new ProxyViewChanged(7 * S, "a", false, 5 * S),
                new ProxyViewChanged(8 * S, "b", true, 2 * S));
        List<Dip> windows = Dip.zeroWindows(log, 0, 20 * S);
        assertThat(windows).hasSize(1);
        Dip w = windows.get(0);
        assertThat(w.startNanos()).isEqualTo(5 * S);
        assertThat(w.lengthNanos()).isEqualTo(3 * S);
        assertThat(w.opener()).isEqualTo(new Change("a", Kind.KILLED, 5 * S, MachineState.DESTROYING));
        assertThat(w.closer()).isEqualTo(new Change("b", Kind.PROXY_LEARNED, 2 * S, null));
        assertThat(w.pending()).containsExactly(new Dip.Pending("b", 2 * S, 8 * S));
        assertThat(w.causedByPropagationLag()).isTrue();
        assertThat(Dip.below(log, 2, 0, 20 * S).get(0).causedByPropagationLag())
                .as("one pending machine cannot make up for two missing").isFalse();
    }

    /**
     * The old machine a is killed at 5 s while the proxy still routes to it; the new machine b,
     * routable since 4 s, reaches the proxy at 9 s, but a answers again at 7 s through its stale
     * route. The dip is owed to the lag even though a's return, not b's arrival, closes it.
     */
    @Test
    void aDipOwedToTheLagMayBeClosedByAStaleRouteTurningLive() {
        ObservationLog log = log(
                ready(0, "a", true), new ProxyViewChanged(0, "a", true, 0),
                ready(0, "c", true), new ProxyViewChanged(0, "c", true, 0),
                ready(3 * S, "b", true),
                ready(5 * S, "a", false),
                new MachineStateChanged(5 * S, "a", MachineState.STARTED, MachineState.REPLACING, "v2", "i2"),
                ready(7 * S, "a", true),
                new ProxyViewChanged(9 * S, "b", true, 4 * S));
        Dip d = Dip.below(log, 2, 0, 20 * S).get(0);
        assertThat(d.startNanos()).isEqualTo(5 * S);
        assertThat(d.endNanos()).isEqualTo(7 * S);
        assertThat(d.servingAtStart()).isEqualTo(1);
        assertThat(d.pending()).containsExactly(new Dip.Pending("b", 4 * S, 9 * S));
        assertThat(d.causedByPropagationLag()).isTrue();
        assertThat(d.closer()).isEqualTo(new Change("a", Kind.APP_READY, 7 * S, null));
    }

    @Test
    void aRangeThatStartsBelowTheThresholdHasADipOpenedByNobody() {
        List<Dip> dips = Dip.below(handOver(), 3, 1 * S, 20 * S);
        assertThat(dips).hasSize(1);
        assertThat(dips.get(0).startNanos()).isEqualTo(1 * S);
        assertThat(dips.get(0).opened()).isEmpty();
        assertThat(dips.get(0).isClosed()).isFalse();
    }

    @Test
    void twoMachinesLeavingAtOneInstantHaveNoSingleOpener() {
        ObservationLog log = log(
                ready(0, "a", true), ready(0, "b", true),
                new ProxyViewChanged(0, "a", true, 0), new ProxyViewChanged(0, "b", true, 0),
                ready(2 * S, "a", false), ready(2 * S, "b", false),
                ready(3 * S, "a", true));
        Dip w = Dip.zeroWindows(log, 0, 10 * S).get(0);
        assertThat(w.opened()).extracting(Change::machineId).containsExactly("a", "b");
        assertThatThrownBy(w::opener).isInstanceOf(IllegalStateException.class);
        assertThat(w.closer()).isEqualTo(new Change("a", Kind.APP_READY, 3 * S, null));
    }
}
