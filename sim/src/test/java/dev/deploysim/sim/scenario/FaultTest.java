package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.machines.MachinesApi;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Fault records validate themselves and name exactly the Machines API's operations. */
class FaultTest {
    @Test
    void apiOperationsAreTheMachinesApiMethods() {
        TreeSet<String> methods = new TreeSet<>();
        for (Method m : MachinesApi.class.getDeclaredMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                methods.add(m.getName());
            }
        }
        assertThat(new TreeSet<>(Fault.API_OPERATIONS)).isEqualTo(methods);
    }

    @Test
    void recordsRefuseInvalidValuesWithoutTheLoader() {
        FaultTime at = new FaultTime.At(1);
        assertThatThrownBy(() -> new Fault.LeaseHeld(FaultTarget.app(), at, 10))
                .hasMessage("lease-held cannot target the app; it targets: machine");
        assertThatThrownBy(() -> new Fault.ApiErrors(FaultTarget.app(), at, 0, List.of(), 10)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new Fault.ApiErrors(FaultTarget.app(), at, 1, List.of("nope"), 10)).hasMessageContaining("nope");
        assertThatThrownBy(() -> new Fault.HostUnreachable(new FaultTarget.Machine("a", 0), at, 0)).hasMessageContaining("durationSeconds");
        assertThatThrownBy(() -> new FaultTime.OnStep("x", 0, 0)).hasMessageContaining("occurrence");
        assertThatThrownBy(() -> new FaultTime.At(-1)).hasMessageContaining("atSeconds");
    }

    @Test
    void onlyAppOnlyKindsMayLeaveTheTargetOut() {
        for (FaultKind k : FaultKind.values()) {
            assertThat(k.targetDefaultsToApp()).as(k.jsonName()).isEqualTo(k == FaultKind.ABORT || k == FaultKind.PROPAGATION_SPIKE);
        }
    }
}
