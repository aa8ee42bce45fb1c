package dev.deploysim.sim.report;

/**
 * What a merge checks of one slice of a sharded sweep, whatever the sweep ({@code compare}'s
 * strategies x sizes x seeds, {@code sensitivity}'s points x seeds): which shard it is, the
 * fingerprint of the sweep it belongs to, how many runs the whole sweep has, and for each run it
 * holds its position in the sweep's canonical order. Every sweep is cut the same way
 * ({@link Shard}: run {@code p} belongs to shard {@code p mod N + 1}) and written to the same file
 * name ({@link Shard#fileName}).
 */
public interface Slice {
    /** Which slice this is. */
    Shard shard();

    /** The sweep's fingerprint: equal for every slice of one sweep. */
    String fingerprint();

    /** How many runs the whole sweep has. */
    long totalRuns();

    /** How many runs this slice holds. */
    int size();

    /** The position of run {@code i} of this slice in the sweep's canonical order, or -1 if the sweep has no such run. */
    long indexOf(int i);

    /** Run {@code i} of this slice in words, for messages: {@code immediate at 1 machine, seed 2}. */
    String describe(int i);

    /** Run {@code i} of this slice. */
    RunSummary summary(int i);
}
