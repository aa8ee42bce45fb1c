package dev.deploysim.sim.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The proxy's view against the structure it replaced, taken literally: a {@code TreeMap} by ID
 * copied into a list in ID order, whose index is the position and whose {@code headMap} size is
 * the rank. Random adds and removes over machine IDs as the world makes them (hex, and a few
 * sharing prefixes), with every query after every operation.
 */
class RankedViewTest {

    private static SimMachine machine(String id) {
        return new SimMachine(id, "iad", 0, MachineConfig.web("img", "app"), "i-" + id, MachineState.STARTED);
    }

    @Test
    void positionsRanksAndMembershipMatchASortedListAfterEveryChange() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 40; round++) {
            RankedView view = new RankedView();
            TreeMap<String, SimMachine> oracle = new TreeMap<>();
            List<SimMachine> universe = new ArrayList<>();
            int n = 1 + r.nextInt(round < 20 ? 12 : 100);
            for (int i = 0; i < n; i++) {
                String id = r.nextInt(4) == 0 ? "e2865" + r.nextInt(100) : Long.toHexString(r.nextLong());
                universe.add(machine(id));
            }
            for (int op = 0; op < 4 * n; op++) {
                SimMachine m = universe.get(r.nextInt(universe.size()));
                if (r.nextBoolean()) {
                    assertThat(view.add(m)).isEqualTo(oracle.putIfAbsent(m.id, m) == null);
                } else {
                    assertThat(view.remove(m.id)).isEqualTo(oracle.remove(m.id) != null);
                }
                List<SimMachine> sorted = new ArrayList<>(oracle.values());
                assertThat(view.size()).isEqualTo(sorted.size());
                assertThat(view.isEmpty()).isEqualTo(sorted.isEmpty());
                for (int i = 0; i < sorted.size(); i++) {
                    assertThat(view.get(i)).isSameAs(sorted.get(i));
                }
                for (SimMachine u : universe) {
                    assertThat(view.contains(u.id)).isEqualTo(oracle.containsKey(u.id));
                    assertThat(view.rank(u.id)).isEqualTo(oracle.headMap(u.id).size());
                }
            }
        }
    }

    @Test
    void aPositionOutsideTheViewIsAnError() {
        RankedView view = new RankedView();
        view.add(machine("a"));
        assertThatThrownBy(() -> view.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> view.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void tenThousandMachinesInIdOrderStayShallow() {
        // balanced in expectation: a sorted insertion order (the worst case of a plain search
        // tree) must not degenerate, or every pick would cost O(n)
        RankedView view = new RankedView();
        for (int i = 0; i < 10_000; i++) {
            view.add(machine(String.format(java.util.Locale.ROOT, "%014x", i)));
        }
        assertThat(view.size()).isEqualTo(10_000);
        assertThat(view.get(4_321).id).isEqualTo(String.format(java.util.Locale.ROOT, "%014x", 4_321));
        assertThat(view.depthForTest()).isLessThan(60);
    }
}
