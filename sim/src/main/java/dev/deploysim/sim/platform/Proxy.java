package dev.deploysim.sim.platform;

import dev.deploysim.sim.kernel.Event;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulated fly-proxy: its lagging view of which machines are routable, and request routing
 * through that view.
 *
 * <p><b>View.</b> Whenever the world's truth about a machine's routability flips, the change
 * reaches the proxy after a propagation delay drawn for that change. Changes carry a per-machine
 * sequence number and the proxy applies a change only if it is newer than the last one it
 * applied (Corrosion's last-writer-wins), so a slow old change never overwrites a newer one.
 *
 * <p><b>Routing rule</b> (docs/model.md, "Proxy"). A request goes to a machine the proxy believes
 * routable, chosen uniformly from those not yet tried for this request (from all of them once
 * every one was tried). If that machine cannot answer, the attempt fails after one attempt time
 * and the proxy tries again after a backoff (the first {@code proxyRetryBackoffSeconds}, doubling
 * up to {@code proxyRetryMaxBackoffSeconds}; none when zero), up to {@code proxyRetries} retries;
 * then the request fails. When the proxy believes nothing routable, it holds the request until
 * something becomes routable (then routes it as above). A request not answered
 * {@code proxyHoldTimeoutSeconds} after it first had to wait (held or backing off) fails. A
 * request accepted by an answering machine completes.
 */
final class Proxy {

    /** How a routed request ended. */
    record Outcome(boolean answered, String machineId, int attempts, long heldNanos, String detail) {
    }

    /** Receives a request's outcome. */
    interface Callback {
        void done(Outcome outcome);
    }

    private final World world;
    private final TreeMap<String, Boolean> truth = new TreeMap<>();
    private final TreeMap<String, Long> truthSeq = new TreeMap<>();
    private final TreeMap<String, Long> appliedSeq = new TreeMap<>();
    /** The machines the proxy believes routable, in ID order, indexable: a request picks by position. */
    private final RankedView view = new RankedView();
    private final List<Request> held = new ArrayList<>();

    Proxy(World world) {
        this.world = world;
    }

    /** Makes a machine routable in truth and view at once: the steady state before the run. */
    void seedRoutable(SimMachine m) {
        truth.put(m.id, true);
        view.add(m);
        world.emit(new ProxyViewChanged(world.nowNanos(), m.id, true, world.nowNanos()));
    }

    /** Re-evaluates the truth for {@code m}; a flip starts propagating to the view. */
    void refresh(SimMachine m) {
        boolean now = world.routableTruth(m);
        boolean was = truth.getOrDefault(m.id, false);
        if (now == was) {
            return;
        }
        truth.put(m.id, now);
        long seq = truthSeq.merge(m.id, 1L, Long::sum);
        long changedAt = world.nowNanos();
        long delay = world.propagationDelayNanos();
        String id = m.id;
        world.kernel().scheduleAfterNanos(delay, "propagate ", id, () -> apply(id, seq, now, changedAt));
    }

    private void apply(String id, long seq, boolean routable, long changedAt) {
        if (seq <= appliedSeq.getOrDefault(id, 0L)) {
            return; // a newer change already reached the proxy
        }
        appliedSeq.put(id, seq);
        if (view.contains(id) == routable) {
            return;
        }
        if (routable) {
            view.add(world.machineOrNull(id));
        } else {
            view.remove(id);
        }
        world.emit(new ProxyViewChanged(world.nowNanos(), id, routable, changedAt));
        if (routable && !held.isEmpty()) {
            List<Request> waiting = new ArrayList<>(held);
            held.clear();
            for (Request r : waiting) {
                r.release();
            }
        }
    }

    /** Whether the proxy currently believes {@code id} routable. */
    boolean believesRoutable(String id) {
        return view.contains(id);
    }

    /** Whether {@code id} is routable in truth (what the proxy will eventually believe). */
    boolean truthRoutable(String id) {
        return truth.getOrDefault(id, false);
    }

    /** Routes a new request; {@code callback} is called once, when it ends, unless it is cancelled first. */
    Request send(Callback callback) {
        Request r = new Request(callback);
        r.attempt();
        return r;
    }

    /** One request in flight through the proxy. */
    final class Request {
        private final Callback callback;
        /** Machines that refused this request; null until one does. */
        private TreeSet<String> tried;
        private int attempts;
        private Event pending;
        private Event holdTimer;
        private long heldSince = -1;
        private long heldNanos;
        private boolean finished;

        private Request(Callback callback) {
            this.callback = callback;
        }

        private void attempt() {
            if (finished) {
                return;
            }
            if (view.isEmpty()) {
                hold();
                return;
            }
            // The machines not tried yet, in ID order; all of them once every one was tried.
            SimMachine chosen;
            if (tried == null) {
                chosen = view.get(world.proxyBalanceStream.nextInt(view.size()));
            } else {
                // The k-th untried machine is the view's machine at k plus the tried ones at or
                // before it: positions of the tried machines still in view, ascending because
                // tried is in ID order. O(tried · log n), not a copy of the view.
                int[] skip = new int[tried.size()];
                int skipped = 0;
                for (String id : tried) {
                    if (view.contains(id)) {
                        skip[skipped++] = view.rank(id);
                    }
                }
                int pool = view.size() - skipped;
                if (pool == 0) {
                    chosen = view.get(world.proxyBalanceStream.nextInt(view.size()));
                } else {
                    int k = world.proxyBalanceStream.nextInt(pool);
                    for (int i = 0; i < skipped && skip[i] <= k; i++) {
                        k++;
                    }
                    chosen = view.get(k);
                }
            }
            String pick = chosen.id;
            attempts++;
            boolean answers = chosen.appReady;
            long cost = world.platform().requestSeconds().sampleNanos(world.proxyRequestStream);
            pending = world.kernel().scheduleAfterNanos(cost, "proxy attempt ", pick, () -> {
                pending = null;
                if (answers) {
                    finish(true, pick, heldNanos > 0 ? "held " + seconds(heldNanos) : "");
                } else if (attempts > world.platform().proxyRetries()) {
                    finish(false, "", "no instance answered after " + attempts + " attempts, last " + pick);
                } else {
                    if (tried == null) {
                        tried = new TreeSet<>();
                    }
                    tried.add(pick);
                    long backoff = world.platform().retryBackoffNanos(attempts);
                    if (backoff == 0) {
                        attempt();
                    } else {
                        startDeadline();
                        pending = world.kernel().scheduleAfterNanos(backoff, "proxy retry ", pick, () -> {
                            pending = null;
                            attempt();
                        });
                    }
                }
            });
        }

        private void hold() {
            heldSince = world.nowNanos();
            startDeadline();
            held.add(this);
        }

        /** The deadline runs from the first time the request had to wait (held or backing off), across later waits. */
        private void startDeadline() {
            if (holdTimer != null) {
                return;
            }
            long timeout = Math.round(world.platform().proxyHoldTimeoutSeconds() * 1e9);
            holdTimer = world.kernel().scheduleAfterNanos(timeout, "proxy hold timeout", () -> {
                holdTimer = null;
                finish(false, "", view.isEmpty()
                        ? "nothing routable within the proxy's hold timeout of " + seconds(timeout)
                        : "no instance answered within the proxy's hold timeout of " + seconds(timeout)
                                + " (" + attempts + " attempts)");
            });
        }

        private void release() {
            if (heldSince >= 0) {
                heldNanos += world.nowNanos() - heldSince;
                heldSince = -1;
            }
            attempt();
        }

        /** Abandons the request (the client gave up); no callback follows. */
        void cancel() {
            finished = true;
            cleanUp();
        }

        private void finish(boolean answered, String machineId, String detail) {
            if (finished) {
                return;
            }
            finished = true;
            cleanUp();
            if (heldSince >= 0) {
                heldNanos += world.nowNanos() - heldSince;
                heldSince = -1;
            }
            callback.done(new Outcome(answered, machineId, attempts, heldNanos, detail));
        }

        private void cleanUp() {
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            if (holdTimer != null) {
                holdTimer.cancel();
                holdTimer = null;
            }
            held.remove(this);
        }

        int attempts() {
            return attempts;
        }
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3fs", nanos / 1e9);
    }
}
