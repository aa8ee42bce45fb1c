package dev.deploysim.strategies.fleet;

import dev.deploysim.model.machines.Machine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Since when each instance has been ready ({@link Instances#isReady}), as a controller learns it
 * by polling: the Machines API reports check results but not when they last changed, so "ready
 * since" is the first poll that saw the instance ready (never earlier than the truth), and one
 * poll that sees it not ready starts the clock again. Instances already ready at the first poll
 * count as ready since before the deploy: the rollout starts from a settled group.
 */
public final class Readiness {
    private static final Instant BEFORE_DEPLOY = Instant.MIN;

    private TreeMap<String, Instant> readySince = new TreeMap<>();
    private boolean firstPoll = true;

    /** Records one poll of {@code machines} taken at {@code now}. */
    public void observe(List<Machine> machines, Instant now) {
        TreeMap<String, Instant> next = new TreeMap<>();
        for (Machine m : machines) {
            if (Instances.isReady(m)) {
                Instant since = readySince.get(key(m));
                next.put(key(m), since != null ? since : firstPoll ? BEFORE_DEPLOY : now);
            }
        }
        readySince = next;
        firstPoll = false;
    }

    /** Whether {@code m} was ready at the last poll. */
    public boolean isReady(Machine m) {
        return readySince.containsKey(key(m));
    }

    /** Whether {@code m} has been ready for at least {@code d} at {@code now} (ready at all when {@code d} is zero). */
    public boolean readyFor(Machine m, Duration d, Instant now) {
        Instant since = readySince.get(key(m));
        if (since == null) {
            return false;
        }
        return since == BEFORE_DEPLOY || !since.plus(d).isAfter(now);
    }

    /** When {@code m} was first seen ready in its current run of ready polls; empty if not ready or ready before the deploy. */
    public Optional<Instant> readySince(Machine m) {
        Instant since = readySince.get(key(m));
        return since == null || since == BEFORE_DEPLOY ? Optional.empty() : Optional.of(since);
    }

    private static String key(Machine m) {
        return m.id() + "/" + m.instanceId();
    }
}
