package dev.deploysim.sim.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ObservationLogTest {

    /** FNV-1a 64 written from its definition, independently of the log's implementation. */
    private static long fnv1a(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Test
    void theReferenceHashMatchesThePublishedFnv1aTestVectors() {
        assertThat(fnv1a("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(fnv1a("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(fnv1a("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void theCanonicalLineIsTimeKindThenNamedFieldsInAFixedOrder() {
        assertThat(new MachineStateChanged(1_500_000_000L, "3d8d413b29d089", MachineState.STARTED,
                MachineState.STOPPING, "img:v1", "01ABC").line())
                .isEqualTo("1500000000\tstate\tmachine=3d8d413b29d089\tfrom=STARTED\tto=STOPPING\timage=img:v1\tinstance=01ABC");
        assertThat(new ProbeResult(7, 2, ProbeOutcome.SLOW, 5, "m", 2, "held 1s").line())
                .isEqualTo("7\tprobe\tsentAt=2\toutcome=SLOW\tlatency=5\tmachine=m\tattempts=2\tdetail=held 1s");
    }

    @Test
    void separatorsInsideValuesAreEscapedSoEveryLineParsesBackUniquely() {
        assertThat(new ApiCall(1, 0, "a\tb", "get", "m", "", "X", "line1\nline2 \\ end").line())
                .isEqualTo("1\tapi\tstartedAt=0\tactor=a\\tb\top=get\tmachine=m\tleaseHolder=\terror=X"
                        + "\tdetail=line1\\nline2 \\\\ end");
        TreeMap<String, String> md = new TreeMap<>();
        md.put("k:1", "v,{2}");
        md.put("a", "b");
        assertThat(new MachineLaunched(0, "m", "seed", "iad", "app", "img", "I", MachineState.STARTED, md).line())
                .endsWith("\tmetadata={a:b,k\\:1:v\\,\\{2\\}}");
    }

    @Test
    void theTraceHashIsFnv1aOverEveryLineAndANewline() {
        ObservationLog log = new ObservationLog();
        assertThat(log.traceHash()).isEqualTo(fnv1a(""));
        List<Observation> obs = List.of(
                new ProxyViewChanged(0, "m1", true, 0),
                new MachineStateChanged(100, "m1", MachineState.STARTED, MachineState.STOPPING, "img", "I"),
                new ProbeResult(250, 100, ProbeOutcome.FAILED, 150, "", 3, "refused"));
        StringBuilder text = new StringBuilder();
        for (Observation o : obs) {
            log.append(o);
            text.append(o.line()).append('\n');
        }
        assertThat(log.traceHash()).isEqualTo(fnv1a(text.toString()));
        assertThat(log.traceHashHex()).isEqualTo(String.format("%016x", fnv1a(text.toString())));
        assertThat(log.dump()).isEqualTo(text.toString());
    }

    @Test
    void anyFieldChangeChangesTheTraceHash() {
        ObservationLog a = new ObservationLog();
        ObservationLog b = new ObservationLog();
        ObservationLog c = new ObservationLog();
        a.append(new ProxyViewChanged(10, "m1", true, 5));
        b.append(new ProxyViewChanged(10, "m1", false, 5));
        c.append(new ProxyViewChanged(10, "m1", true, 6));
        assertThat(a.traceHash()).isNotEqualTo(b.traceHash()).isNotEqualTo(c.traceHash());
        ObservationLog a2 = new ObservationLog();
        a2.append(new ProxyViewChanged(10, "m1", true, 5));
        assertThat(a2.traceHash()).isEqualTo(a.traceHash());
    }

    @Test
    void theLogRefusesToGoBackInTime() {
        ObservationLog log = new ObservationLog();
        log.append(new ProxyViewChanged(10, "m1", true, 5));
        log.append(new ProxyViewChanged(10, "m2", true, 5));
        assertThatThrownBy(() -> log.append(new ProxyViewChanged(9, "m3", true, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("earlier");
        assertThat(log.size()).isEqualTo(2);
    }

    @Test
    void subscribersSeeEachObservationAndTypedQueriesFilter() {
        ObservationLog log = new ObservationLog();
        List<String> seen = new ArrayList<>();
        log.subscribe(o -> seen.add(o.kind()));
        log.append(new ProxyViewChanged(1, "m1", true, 0));
        log.append(new ProbeResult(2, 1, ProbeOutcome.OK, 1, "m1", 1, ""));
        assertThat(seen).containsExactly("proxy", "probe");
        assertThat(log.ofType(ProbeResult.class)).hasSize(1);
        assertThat(log.entries()).hasSize(2);
        assertThat(log.lastAtNanos()).isEqualTo(2);
        assertThatThrownBy(() -> log.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
