package dev.deploysim.sim.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.CheckStatusChanged;
import dev.deploysim.sim.observe.Observation.LeaseChange;
import dev.deploysim.sim.observe.Observation.LeaseChanged;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The log hashes each observation without building its line; the oracle is the trace hash's
 * definition: FNV-1a over {@code (line() + "\n").getBytes(UTF_8)}, computed here from the text.
 */
class StreamedTraceHashTest {

    private static long fnv1a(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Text mixing ASCII, escapes, Latin-1, 3-byte BMP, surrogate pairs and lone surrogates. */
    private static String text(SplittableRandom r) {
        char[] alphabet = {'a', 'Z', '0', ' ', '\t', '\n', '\r', '\\', ',', ':', '{', '}', '=', 'é', 'ß', 'Ω',
            '\u20ac', '\u65e5', '\uffff', '\ud83d', '\ude00', '\udbff', '\udfff', '\u0000', '\u007f', '\u0080', '\u07ff',
            '\u0800'};
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(5) == 0) {
                sb.append("\ud83d\ude00"); // a well-formed pair
            } else {
                sb.append(alphabet[r.nextInt(alphabet.length)]);
            }
        }
        return sb.toString();
    }

    private static long number(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> -r.nextLong(1_000_000);
            default -> r.nextLong();
        };
    }

    private static Observation observation(SplittableRandom r, long at) {
        return switch (r.nextInt(6)) {
            case 0 -> new ApiCall(at, number(r), text(r), text(r), text(r), text(r), text(r), text(r));
            case 1 -> new ProbeResult(at, number(r), ProbeOutcome.values()[r.nextInt(3)], number(r), text(r),
                    r.nextInt(), text(r));
            case 2 -> {
                TreeMap<String, String> md = new TreeMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    md.put(text(r), text(r));
                }
                yield new MachineLaunched(at, text(r), text(r), text(r), text(r), text(r), text(r),
                        MachineState.values()[r.nextInt(MachineState.values().length)], md);
            }
            case 3 -> new LeaseChanged(at, text(r), LeaseChange.values()[r.nextInt(5)], text(r), text(r), number(r));
            case 4 -> new CheckStatusChanged(at, text(r), text(r), r.nextBoolean(), CheckStatus.Status.PASSING,
                    CheckStatus.Status.CRITICAL);
            default -> new StrategyStep(at, text(r), text(r), text(r));
        };
    }

    @Test
    void theStreamedHashEqualsFnv1aOverTheUtf8OfEveryLineAndNewline() {
        SplittableRandom r = new SplittableRandom(42);
        for (int run = 0; run < 200; run++) {
            ObservationLog log = new ObservationLog();
            long expected = 0xcbf29ce484222325L;
            long at = run == 0 ? Long.MIN_VALUE : -5;
            for (int i = 0; i < 50; i++) {
                Observation o = observation(r, at);
                log.append(o);
                expected = fnv1a(expected, (o.line() + "\n").getBytes(StandardCharsets.UTF_8));
                assertThat(log.traceHash()).as("run %d, after %s", run, o.line()).isEqualTo(expected);
                at += r.nextInt(3) == 0 ? 0 : r.nextLong(1, 1_000_000_000L);
            }
        }
    }

    @Test
    void aLoneHighSurrogateAtTheEndOfAValueIsHashedAsTheReplacementCharacter() {
        ObservationLog log = new ObservationLog();
        StrategyStep o = new StrategyStep(1, "a\ud83d", "\ude00b", "");
        log.append(o);
        long expected = fnv1a(0xcbf29ce484222325L, (o.line() + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(log.traceHash()).isEqualTo(expected);
        // the tab between the two values separates the halves: both become '?'
        assertThat(new String((o.line()).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("a?\tmachine=?b");
    }
}
