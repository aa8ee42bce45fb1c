package dev.deploysim.sim.platform;

import static dev.deploysim.sim.platform.SimHarness.app;
import static dev.deploysim.sim.platform.SimHarness.nanos;
import static dev.deploysim.sim.platform.SimHarness.serviceCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.StopInput;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.random.Distribution.Constant;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The proxy's lagging view, its retry rule and its hold: probes (4/s, client timeout 6 s, slow
 * above 1 s) against constant timings, with outcomes worked out by hand.
 */
class ProxyTest {
    private static final List<CheckDefinition> FAST_CHECK = List.of(serviceCheck(0, 1, 1));

    private static String sec(long n) {
        return String.format(Locale.ROOT, "%.2f", n / 1e9);
    }

    /** Outcome per sent time (seconds, 2 decimals) for probes sent in [from, to). */
    private static TreeMap<String, String> outcomes(SimHarness h, double from, double to) {
        TreeMap<String, String> out = new TreeMap<>();
        for (ProbeResult p : h.probes()) {
            if (p.sentAtNanos() >= nanos(from) && p.sentAtNanos() < nanos(to)) {
                out.put(String.format(Locale.ROOT, "%05.2f", p.sentAtNanos() / 1e9), p.outcome().name());
            }
        }
        return out;
    }

    private static void finish(SimHarness h, double seconds) {
        h.runUntil(seconds);
        h.world.stopProber();
        h.run();
        assertThat(h.world.probesInFlight()).isZero();
        assertThat(ProbeStats.of(h.log).sent()).isEqualTo(h.world.probesSent());
    }

    @Test
    void aStaleRouteToAStoppingMachineFailsProbesOnlyInsideThePropagationWindow() {
        PlatformConfig noRetries = PlatformConfig.constant().withPropagationSeconds(new Constant(3)).withProxyRetries(0);
        try (SimHarness h = new SimHarness(noRetries, ProbeConfig.defaults(), app(2, 0, FAST_CHECK, true), 7)) {
            List<String> ids = h.world.seedApp();
            h.world.startProber();
            MachinesApi api = h.api("flyctl");
            h.spawnAt(1.0, "stop", () -> {
                api.stop(ids.get(0), StopInput.defaults(), ""); // takes effect at 1.1; the proxy learns at 4.1
                return null;
            });
            finish(h, 20);
            List<ProbeResult> failed = h.probes().stream().filter(p -> p.outcome() == ProbeOutcome.FAILED).toList();
            assertThat(failed).as("some probes hit the stale route").isNotEmpty();
            assertThat(failed).allSatisfy(p -> {
                assertThat(p.sentAtNanos()).isBetween(nanos(1.1), nanos(4.1) - 1);
                assertThat(p.detail()).contains("no instance answered after 1 attempts, last " + ids.get(0));
            });
            assertThat(h.probes()).filteredOn(p -> p.sentAtNanos() >= nanos(4.1))
                    .isNotEmpty()
                    .allSatisfy(p -> {
                        assertThat(p.outcome()).isEqualTo(ProbeOutcome.OK);
                        assertThat(p.machineId()).isEqualTo(ids.get(1));
                    });
        }
    }

    @Test
    void theProxyRetriesAnotherInstanceSoAStaleRouteCostsOnlyLatency() {
        PlatformConfig retries = PlatformConfig.constant().withPropagationSeconds(new Constant(3)); // 2 retries
        try (SimHarness h = new SimHarness(retries, ProbeConfig.defaults(), app(2, 0, FAST_CHECK, true), 7)) {
            List<String> ids = h.world.seedApp();
            h.world.startProber();
            MachinesApi api = h.api("flyctl");
            h.spawnAt(1.0, "stop", () -> {
                api.stop(ids.get(0), StopInput.defaults(), "");
                return null;
            });
            finish(h, 20);
            assertThat(ProbeStats.of(h.log).failed()).isZero();
            List<ProbeResult> retried = h.probes().stream().filter(p -> p.attempts() == 2).toList();
            assertThat(retried).isNotEmpty().allSatisfy(p -> {
                assertThat(p.sentAtNanos()).isBetween(nanos(1.1), nanos(4.1) - 1);
                assertThat(p.machineId()).isEqualTo(ids.get(1));
                assertThat(p.latencyNanos()).isEqualTo(nanos(0.02)); // two attempts of 0.01 s
            });
        }
    }

    @Test
    void withNothingRoutableRequestsAreHeldThenAnsweredSlowlyOrTheClientTimesOut() {
        try (SimHarness h = SimHarness.constant(app(1, 0, FAST_CHECK, true))) {
            String id = h.world.seedApp().get(0);
            h.world.startProber();
            MachinesApi api = h.api("flyctl");
            h.spawnAt(1.0, "stop", () -> {
                api.stop(id, StopInput.defaults(), "");  // 1.1: stopping; proxy learns at 1.6
                return null;
            });
            h.spawnAt(3.5, "start", () -> {
                api.start(id, "");                        // 3.6: starting; 4.6 started; 7.6 app ready,
                return null;                              // check passes on its 1 s grid at 7.6; proxy learns at 8.1
            });
            finish(h, 12);
            TreeMap<String, String> expected = new TreeMap<>();
            for (int i = 0; i <= 4; i++) {
                expected.put(String.format(Locale.ROOT, "%05.2f", i * 0.25), "OK");       // 0.00-1.00: before the stop
            }
            expected.put("01.25", "FAILED");  // stale route: 3 refused attempts
            expected.put("01.50", "FAILED");
            expected.put("01.75", "FAILED");  // held; the client gives up at 7.75, before the answer at 8.11
            expected.put("02.00", "FAILED");  // client gives up at 8.00
            for (int i = 9; i <= 28; i++) {
                expected.put(String.format(Locale.ROOT, "%05.2f", i * 0.25), "SLOW"); // 2.25-7.00: answered at 8.11
            }
            for (int i = 29; i <= 46; i++) {
                expected.put(String.format(Locale.ROOT, "%05.2f", i * 0.25), "OK");   // 7.25-11.50: within 1 s
            }
            assertThat(outcomes(h, 0, 11.6)).isEqualTo(expected);
            ProbeResult first = byTime(h, 1.25);
            assertThat(first.attempts()).isEqualTo(3);
            assertThat(sec(first.latencyNanos())).isEqualTo("0.03");
            ProbeResult timedOut = byTime(h, 1.75);
            assertThat(sec(timedOut.latencyNanos())).isEqualTo("6.00");
            assertThat(timedOut.detail()).isEqualTo("client timeout after 6.000s");
            ProbeResult slow = byTime(h, 2.25);
            assertThat(sec(slow.latencyNanos())).isEqualTo("5.86");
            assertThat(slow.detail()).isEqualTo("held 5.850s");
            assertThat(slow.machineId()).isEqualTo(id);
        }
    }

    @Test
    void aHeldRequestFailsAtTheProxysHoldTimeoutWhenNothingBecomesRoutable() {
        PlatformConfig shortHold = PlatformConfig.constant().withProxyHoldTimeoutSeconds(2);
        try (SimHarness h = new SimHarness(shortHold, ProbeConfig.defaults(), app(1, 0, FAST_CHECK, true), 1)) {
            String id = h.world.seedApp().get(0);
            h.world.startProber();
            MachinesApi api = h.api("flyctl");
            h.spawnAt(1.0, "stop", () -> {
                api.stop(id, StopInput.defaults(), "");
                return null;
            });
            finish(h, 10);
            assertThat(h.probes()).filteredOn(p -> p.sentAtNanos() >= nanos(1.75)).isNotEmpty().allSatisfy(p -> {
                assertThat(p.outcome()).isEqualTo(ProbeOutcome.FAILED);
                assertThat(p.latencyNanos()).isEqualTo(nanos(2));
                assertThat(p.detail()).isEqualTo("nothing routable within the proxy's hold timeout of 2.000s");
            });
        }
    }

    @Test
    void cordonTakesEffectOnlyAfterPropagation() {
        PlatformConfig slowPropagation = PlatformConfig.constant().withPropagationSeconds(new Constant(2));
        try (SimHarness h = new SimHarness(slowPropagation, ProbeConfig.defaults(), app(2, 0, FAST_CHECK, true), 3)) {
            List<String> ids = h.world.seedApp();
            h.world.startProber();
            MachinesApi api = h.api("flyctl");
            h.spawnAt(1.0, "cordon", () -> {
                api.cordon(ids.get(0), ""); // 1.1; the proxy learns at 3.1
                return null;
            });
            finish(h, 10);
            Observation.RegistrationChanged cordoned = h.log.ofType(Observation.RegistrationChanged.class).stream()
                    .filter(Observation.RegistrationChanged::cordoned).findFirst().orElseThrow();
            assertThat(cordoned.atNanos()).isEqualTo(nanos(1.1));
            assertThat(h.log.ofType(Observation.ProxyViewChanged.class)).filteredOn(p -> !p.routable())
                    .extracting(p -> p.machineId() + "@" + sec(p.atNanos()) + " changed@" + sec(p.changedAtNanos()))
                    .containsExactly(ids.get(0) + "@3.10 changed@1.10");
            assertThat(h.probes()).filteredOn(p -> p.machineId().equals(ids.get(0)))
                    .as("the cordoned machine still gets traffic until the proxy learns")
                    .anySatisfy(p -> assertThat(p.sentAtNanos()).isBetween(nanos(1.1), nanos(3.1) - 1))
                    .allSatisfy(p -> assertThat(p.sentAtNanos()).isLessThan(nanos(3.1)));
            assertThat(ProbeStats.of(h.log).failed()).isZero();
        }
    }

    @Test
    void aNewerChangeWinsOverAnOlderOneThatArrivesLater() {
        try (SimHarness h = SimHarness.constant(app(1, 0, FAST_CHECK, true))) {
            String id = h.world.seedApp().get(0);
            h.world.spikePropagation(new Constant(5), Duration.ofSeconds(1));
            MachinesApi api = h.api("flyctl");
            h.spawn("flyctl", () -> {
                api.cordon(id, "");      // 0.1: reaches the proxy at 5.1 (spiked)
                h.ps.sleep(Duration.ofSeconds(1));
                api.uncordon(id, "");    // 1.2: spike over, reaches the proxy at 1.7
                return null;
            });
            h.run();
            assertThat(h.log.ofType(Observation.ProxyViewChanged.class)).extracting(Observation.ProxyViewChanged::routable)
                    .as("only the seed's view: the late cordon is older than the uncordon already applied")
                    .containsExactly(true);
            assertThat(h.world.proxyRoutable(id)).isTrue();
        }
    }

    @Test
    void theLegacyCanaryGetsNoProxyTrafficUnlessTheWorldSaysSo() {
        for (boolean legacyGetsTraffic : new boolean[] {false, true}) {
            PlatformConfig cfg = PlatformConfig.constant().withLegacyCanaryGetsTraffic(legacyGetsTraffic);
            try (SimHarness h = new SimHarness(cfg, ProbeConfig.defaults(), app(0, 0, FAST_CHECK, true), 1)) {
                h.world.seedApp();
                MachinesApi api = h.api("flyctl");
                AtomicReference<Machine> canary = new AtomicReference<>();
                h.spawn("flyctl", () -> {
                    canary.set(api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2")
                            .withDnsSkipRegistration(true).withMetadata("fly_canary", "true"))));
                    return null;
                });
                h.run();
                assertThat(h.world.machine(canary.get().id()).orElseThrow().allChecksPassing()).isTrue();
                assertThat(h.world.proxyRoutable(canary.get().id())).as("legacyCanaryGetsTraffic=" + legacyGetsTraffic)
                        .isEqualTo(legacyGetsTraffic);
            }
        }
    }

    @Test
    void onlyServiceChecksGateRoutingSoABadReleaseWithTopLevelChecksGetsTrafficItCannotAnswer() {
        CheckDefinition topLevel = new CheckDefinition("top", "http", false, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        for (boolean serviceCheck : new boolean[] {true, false}) {
            List<CheckDefinition> checks = serviceCheck ? FAST_CHECK : List.of(topLevel);
            try (SimHarness h = SimHarness.constant(app(0, 0, checks, false))) {
                h.world.seedApp();
                MachinesApi api = h.api("flyctl");
                AtomicReference<Machine> m = new AtomicReference<>();
                h.spawn("flyctl", () -> {
                    m.set(api.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2"))));
                    return null;
                });
                h.runUntil(5);
                h.world.startProber();
                finish(h, 10);
                Machine now = h.world.machine(m.get().id()).orElseThrow();
                assertThat(now.allChecksPassing()).as("a bad release never passes").isFalse();
                assertThat(h.world.proxyRoutable(now.id())).as("serviceCheck=" + serviceCheck).isEqualTo(!serviceCheck);
                ProbeStats stats = ProbeStats.of(h.log);
                assertThat(stats.sent()).isPositive();
                assertThat(stats.failed()).as("nothing can answer").isEqualTo(stats.sent());
            }
        }
    }

    private static ProbeResult byTime(SimHarness h, double sentAt) {
        return h.probes().stream().filter(p -> p.sentAtNanos() == nanos(sentAt)).findFirst().orElseThrow();
    }
}
