package dev.deploysim.sim.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.CheckStatusChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.observe.Observation.RegistrationChanged;
import dev.deploysim.sim.observe.ObservationLog;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AsciiTimelineTest {
    private static final long S = 1_000_000_000L;

    /**
     * a serves v1 from before the deploy; canary b is launched cordoned at 1 s, boots and answers at
     * 2 s, is uncordoned at 3 s and routed at 4 s; a's update kills it at 5 s (a stale route until
     * 6 s), a is back at 7 s, answers at 8 s, routed at 9 s; b is destroyed 10-11 s; a blips
     * unready for 0.2 s inside the 11 s column.
     */
    @Test
    void drawsEachMachinesConditionPerColumnAndTheFewestServingWithinEachColumn() {
        TreeMap<String, String> canary = new TreeMap<>();
        canary.put(RunFacts.CANARY_METADATA, "true");
        ObservationLog log = new ObservationLog();
        for (Observation o : new Observation[] {
                new MachineLaunched(0, "a", "seed", "iad", "app", "v1", "i1", MachineState.STARTED, new TreeMap<>()),
                new RegistrationChanged(0, "a", true, false, true),
                new AppReadyChanged(0, "a", "i1", true),
                new ProxyViewChanged(0, "a", true, 0),
                new MachineLaunched(1 * S, "b", "flyctl", "iad", "app", "v2", "j1", MachineState.CREATED, canary),
                new RegistrationChanged(1 * S, "b", true, true, true),
                new MachineStateChanged(1 * S, "b", MachineState.CREATED, MachineState.STARTING, "v2", "j1"),
                new MachineStateChanged(2 * S, "b", MachineState.STARTING, MachineState.STARTED, "v2", "j1"),
                new AppReadyChanged(2 * S, "b", "j1", true),
                new CheckStatusChanged(3 * S, "b", "tcp", true, CheckStatus.Status.CRITICAL, CheckStatus.Status.PASSING),
                new RegistrationChanged(3 * S, "b", true, false, true),
                new ProxyViewChanged(4 * S, "b", true, 3 * S),
                new AppReadyChanged(5 * S, "a", "i2", false),
                new MachineStateChanged(5 * S, "a", MachineState.STARTED, MachineState.REPLACING, "v2", "i2"),
                new ProxyViewChanged(6 * S, "a", false, 5 * S),
                new MachineStateChanged(7 * S, "a", MachineState.REPLACING, MachineState.STARTED, "v2", "i2"),
                new AppReadyChanged(8 * S, "a", "i2", true),
                new ProxyViewChanged(9 * S, "a", true, 8 * S),
                new AppReadyChanged(10 * S, "b", "j1", false),
                new MachineStateChanged(10 * S, "b", MachineState.STARTED, MachineState.DESTROYING, "v2", "j1"),
                new RegistrationChanged(11 * S, "b", false, false, false),
                new MachineStateChanged(11 * S, "b", MachineState.DESTROYING, MachineState.DESTROYED, "v2", "j1"),
                new MachineDestroyed(11 * S, "b"),
                new AppReadyChanged(11_500_000_000L, "a", "i2", false),
                new AppReadyChanged(11_700_000_000L, "a", "i2", true),
                new ProxyViewChanged(12 * S, "b", false, 10 * S)}) {
            log.append(o);
        }

        String picture = AsciiTimeline.render(log, 0, 12 * S, "v2", 1.0);

        assertThat(picture).isEqualTo("""
                t(s)         0         10
                m1           =====!..~####
                c1           -.c~######x--
                serving      1111211112101

                m1 a: launched 0.0, ready 0.0, routed 0.0, replacing 5.0, unrouted 6.0, started 7.0, ready 8.0, routed 9.0, ready 11.7
                c1 b: launched 1.0, cordoned 1.0, starting 1.0, started 2.0, ready 2.0, checks pass 3.0, uncordoned 3.0, routed 4.0, destroying 10.0, destroyed 11.0, unrouted 12.0
                """);
    }
}
