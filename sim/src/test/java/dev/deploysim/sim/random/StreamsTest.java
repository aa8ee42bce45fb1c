package dev.deploysim.sim.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Named streams: reproducible, independent of each other, and derived as specified. */
class StreamsTest {

    private static List<Long> draw(RandomStream s, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.nextLong());
        }
        return out;
    }

    @Test
    void sameSeedAndNameGiveTheSameNumbers() {
        assertThat(draw(new Streams(42).get("boot.time"), 1000)).isEqualTo(draw(new Streams(42).get("boot.time"), 1000));
    }

    @Test
    void otherNameOrOtherSeedGiveOtherNumbers() {
        List<Long> base = draw(new Streams(42).get("boot.time"), 100);
        assertThat(draw(new Streams(42).get("stop.time"), 100)).isNotEqualTo(base);
        assertThat(draw(new Streams(43).get("boot.time"), 100)).isNotEqualTo(base);
    }

    @Test
    void addingAConsumerDoesNotShiftAnotherStreamsNumbers() {
        Streams alone = new Streams(7);
        List<Long> expected = draw(alone.get("proxy.lag"), 500);

        Streams crowded = new Streams(7);
        RandomStream extra = crowded.get("fault.choice"); // created first, drawn from in between
        RandomStream lag = crowded.get("proxy.lag");
        List<Long> interleaved = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            extra.nextLong();
            extra.nextDouble();
            interleaved.add(lag.nextLong());
        }
        assertThat(interleaved).isEqualTo(expected);
    }

    @Test
    void getReturnsOneStreamPerName() {
        Streams streams = new Streams(1);
        RandomStream a = streams.get("a");
        a.nextLong();
        assertThat(streams.get("a")).isSameAs(a);
    }

    @Test
    void streamNumbersFollowTheSpecifiedDerivation() {
        // Independent oracle: FNV-1a over the name's UTF-8 bytes, SplitMix64-finalised together
        // with the mixed root seed; SplittableRandom(seed).nextLong() is mix64(seed + golden gamma)
        // with Stafford's variant 13 (its specified algorithm). Pins replay across JDKs and
        // versions of this code.
        long root = 20260101L;
        String name = "boot.time";
        long fnv = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            fnv = (fnv ^ (b & 0xff)) * 0x100000001b3L;
        }
        long seed = splitMix(splitMix(root) ^ fnv);
        long gamma = 0x9e3779b97f4a7c15L;
        long expectedFirst = stafford13(seed + gamma);
        long expectedSecond = stafford13(seed + 2 * gamma);
        RandomStream s = new Streams(root).get(name);
        assertThat(s.nextLong()).isEqualTo(expectedFirst);
        assertThat(s.nextLong()).isEqualTo(expectedSecond);
    }

    private static long splitMix(long z) {
        return stafford13(z + 0x9e3779b97f4a7c15L);
    }

    private static long stafford13(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
