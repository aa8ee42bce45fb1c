package dev.deploysim.sim.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Machine IDs, instance IDs and lease nonces are hex digits; the oracle is String.format's %016x. */
class HexIdsTest {
    @Test
    void hexIsTheTailOfTheZeroPaddedSixteenDigitForm() {
        SplittableRandom r = new SplittableRandom(3);
        long[] edge = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xabcdefL};
        for (int i = 0; i < 10_000; i++) {
            long v = i < edge.length ? edge[i] : r.nextLong();
            String full = String.format("%016x", v);
            for (int digits : new int[] {14, 16, 1}) {
                assertThat(World.hex(v, digits)).isEqualTo(full.substring(16 - digits));
            }
        }
    }
}
