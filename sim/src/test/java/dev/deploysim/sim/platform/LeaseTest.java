package dev.deploysim.sim.platform;

import static dev.deploysim.sim.platform.SimHarness.app;
import static dev.deploysim.sim.platform.SimHarness.serviceCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.LeaseChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Leases: TTL and expiry, refresh, the nonce check on mutations, and concurrent-update rejection. */
class LeaseTest {

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (MachinesApiException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void aLeaseExcludesOthersUntilItExpiresAndAnExpiredNonceIsNotFound() {
        try (SimHarness h = SimHarness.constant(app(1, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi flyctl = h.api("flyctl");
            MachinesApi other = h.api("alice@example.com");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                Lease lease = flyctl.acquireLease(id, Duration.ofSeconds(13));                  // 0.0-0.1, expires 13.1
                seen.add("other acquire: " + outcome(() -> other.acquireLease(id, Duration.ofSeconds(13))));
                seen.add("other cordon without nonce: " + outcome(() -> other.cordon(id, "")));
                seen.add("flyctl acquires again: " + outcome(() -> flyctl.acquireLease(id, Duration.ofSeconds(13))));
                h.ps.sleep(Duration.ofSeconds(5));
                // three refused calls took 0.1-0.4; slept to 5.4; the refresh lands at 5.5 and expires at 18.5
                Lease refreshed = flyctl.refreshLease(id, Duration.ofSeconds(13), lease.nonce());
                seen.add("refresh keeps the nonce: " + refreshed.nonce().equals(lease.nonce()));
                seen.add("refreshed expiry: " + refreshed.expiresAt());
                h.ps.sleep(Duration.ofSeconds(13)); // to 18.5, the expiry; the cordon lands at 18.6
                seen.add("flyctl cordon with its expired nonce: " + outcome(() -> flyctl.cordon(id, lease.nonce())));
                seen.add("other acquire after expiry: " + outcome(() -> other.acquireLease(id, Duration.ofSeconds(13))));
                return null;
            });
            h.run();
            assertThat(seen).containsExactly(
                    "other acquire: LeaseHeld: machine " + id + ": lease currently held by flyctl",
                    "other cordon without nonce: LeaseHeld: machine " + id + ": lease currently held by flyctl",
                    "flyctl acquires again: LeaseHeld: machine " + id + ": lease currently held by flyctl",
                    "refresh keeps the nonce: true",
                    "refreshed expiry: 2026-01-01T00:00:18.500Z",
                    "flyctl cordon with its expired nonce: LeaseNotFound: machine " + id + ": lease not found or expired",
                    "other acquire after expiry: ok");
            List<Observation.LeaseChanged> changes = h.log.ofType(Observation.LeaseChanged.class);
            assertThat(changes).extracting(c -> c.change() + " " + c.owner() + " @" + c.atNanos() / 100_000_000 / 10.0)
                    .containsExactly("ACQUIRED flyctl @0.1", "REFRESHED flyctl @5.5", "EXPIRED flyctl @18.5",
                            "ACQUIRED alice@example.com @18.7", "EXPIRED alice@example.com @31.7");
            assertThat(h.world.machine(id).orElseThrow().cordoned()).isFalse();
        }
    }

    @Test
    void everyMutationChecksTheNonceAndARightNonceIsAccepted() {
        try (SimHarness h = SimHarness.constant(app(1, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi flyctl = h.api("flyctl");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                Lease lease = flyctl.acquireLease(id, Duration.ofSeconds(60));
                String wrong = "0000";
                seen.add("setMetadata wrong: " + outcome(() -> flyctl.setMetadata(id, "k", "v", wrong)));
                seen.add("cordon wrong: " + outcome(() -> flyctl.cordon(id, wrong)));
                seen.add("uncordon wrong: " + outcome(() -> flyctl.uncordon(id, wrong)));
                seen.add("stop wrong: " + outcome(() -> flyctl.stop(id, null, wrong)));
                seen.add("start wrong: " + outcome(() -> flyctl.start(id, wrong)));
                seen.add("destroy wrong: " + outcome(() -> flyctl.destroy(id, true, wrong)));
                seen.add("release wrong: " + outcome(() -> flyctl.releaseLease(id, wrong)));
                seen.add("refresh wrong: " + outcome(() -> flyctl.refreshLease(id, Duration.ofSeconds(1), wrong)));
                seen.add("setMetadata right: " + outcome(() -> flyctl.setMetadata(id, "k", "v", lease.nonce())));
                seen.add("release right: " + outcome(() -> flyctl.releaseLease(id, lease.nonce())));
                seen.add("setMetadata with the released nonce: "
                        + outcome(() -> flyctl.setMetadata(id, "k", "w", lease.nonce())));
                seen.add("setMetadata without a lease or nonce: " + outcome(() -> flyctl.setMetadata(id, "k", "x", "")));
                return null;
            });
            h.run();
            String held = "LeaseHeld: machine " + id + ": lease currently held by flyctl";
            String notFound = "LeaseNotFound: machine " + id + ": lease not found or expired";
            assertThat(seen).containsExactly(
                    "setMetadata wrong: " + held, "cordon wrong: " + held, "uncordon wrong: " + held,
                    "stop wrong: " + held, "start wrong: " + held, "destroy wrong: " + held,
                    "release wrong: " + notFound, "refresh wrong: " + notFound,
                    "setMetadata right: ok", "release right: ok",
                    "setMetadata with the released nonce: " + notFound,
                    "setMetadata without a lease or nonce: ok");
            assertThat(h.world.machine(id).orElseThrow().config().metadata()).containsEntry("k", "x");
        }
    }

    @Test
    void aMachineLaunchedWithALeaseTtlIsCreatedHoldingTheCallersLease() {
        try (SimHarness h = SimHarness.constant(app(0, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            h.world.seedApp();
            MachinesApi flyctl = h.api("flyctl");
            MachinesApi other = h.api("alice@example.com");
            AtomicReference<Machine> launched = new AtomicReference<>();
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                Machine m = flyctl.launch(LaunchInput.launch("iad", h.world.app().groups().get(0).config("img:v2"))
                        .withLeaseTtl(Duration.ofMinutes(5)));
                launched.set(m);
                seen.add("other acquire: " + outcome(() -> other.acquireLease(m.id(), Duration.ofSeconds(13))));
                seen.add("other sees the owner: " + other.get(m.id()).leaseOwner().orElse("-"));
                seen.add("other sees no nonce: " + other.get(m.id()).leaseNonce().isEmpty());
                seen.add("flyctl releases: " + outcome(() -> flyctl.releaseLease(m.id(), m.leaseNonce().orElseThrow())));
                return null;
            });
            h.run();
            assertThat(launched.get().leaseOwner()).contains("flyctl");
            assertThat(launched.get().leaseNonce()).isPresent();
            assertThat(seen).containsExactly(
                    "other acquire: LeaseHeld: machine " + launched.get().id() + ": lease currently held by flyctl",
                    "other sees the owner: flyctl", "other sees no nonce: true", "flyctl releases: ok");
        }
    }

    @Test
    void aSecondUpdateWhileOneIsInFlightIsAConcurrentUpdate() {
        try (SimHarness h = SimHarness.constant(app(1, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi flyctl = h.api("flyctl");
            List<String> seen = new ArrayList<>();
            h.spawn("flyctl", () -> {
                Lease lease = flyctl.acquireLease(id, Duration.ofSeconds(60));
                LaunchInput in = LaunchInput.update(id, "iad", h.world.app().groups().get(0).config("img:v2"));
                seen.add("first: " + outcome(() -> flyctl.update(in, lease.nonce())));           // accepted at 0.2
                seen.add("second: " + outcome(() -> flyctl.update(in, lease.nonce())));          // 0.3: still replacing
                h.ps.sleep(Duration.ofSeconds(5)); // the first finished at 4.2 (stop 1 + pull 2 + boot 1)
                seen.add("after it finished: " + outcome(() -> flyctl.update(in, lease.nonce())));
                return null;
            });
            h.run();
            assertThat(seen).containsExactly("first: ok",
                    "second: ConcurrentUpdate: machine " + id + ": concurrent update in progress",
                    "after it finished: ok");
        }
    }

    @Test
    void apiCallsRecordTheLeaseHolderSeenByThePlatform() {
        try (SimHarness h = SimHarness.constant(app(1, 0, List.of(serviceCheck(1, 15, 2)), true))) {
            String id = h.world.seedApp().get(0);
            MachinesApi flyctl = h.api("flyctl");
            h.spawn("flyctl", () -> {
                Lease lease = flyctl.acquireLease(id, Duration.ofSeconds(60));
                flyctl.cordon(id, lease.nonce());
                flyctl.releaseLease(id, lease.nonce());
                flyctl.uncordon(id, "");
                return null;
            });
            h.run();
            assertThat(h.log.ofType(Observation.ApiCall.class))
                    .extracting(a -> a.operation() + " holder=" + a.leaseHolder())
                    .containsExactly("acquireLease holder=", "cordon holder=flyctl", "releaseLease holder=flyctl",
                            "uncordon holder=");
            assertThat(h.log.ofType(Observation.LeaseChanged.class)).extracting(Observation.LeaseChanged::change)
                    .containsExactly(LeaseChange.ACQUIRED, LeaseChange.RELEASED);
        }
    }
}
