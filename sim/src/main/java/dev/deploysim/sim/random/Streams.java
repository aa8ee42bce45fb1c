package dev.deploysim.sim.random;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A root seed and the named streams derived from it. A stream's seed is a hash of the root seed
 * and the stream's name alone, so the order in which consumers ask for streams, and which other
 * streams exist, never changes a stream's numbers.
 */
public final class Streams {
    private final long rootSeed;
    private final Map<String, RandomStream> streams = new TreeMap<>();

    public Streams(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    public long rootSeed() {
        return rootSeed;
    }

    /** The stream named {@code name}, created on first use. */
    public RandomStream get(String name) {
        RandomStream s = streams.get(name);
        if (s == null) {
            s = new RandomStream(name, seedFor(rootSeed, name));
            streams.put(name, s);
        }
        return s;
    }

    /** The seed of stream {@code name} under {@code rootSeed}: FNV-1a over the name, mixed by SplitMix64. */
    public static long seedFor(long rootSeed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix64(mix64(rootSeed) ^ h);
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    public static long mix64(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
