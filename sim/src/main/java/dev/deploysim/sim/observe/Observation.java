package dev.deploysim.sim.observe;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One fact the simulated world reports, stamped with the virtual time (nanoseconds) at which it
 * became true. The observation log is the only thing checkers, statistics and reports read:
 * every record carries what they need, and nothing refers back to the world's internals.
 *
 * <p>Text fields never hold null (an absent machine or value is the empty string). Each record
 * has a stable {@link #kind()} and a canonical {@link #line()} over which the trace hash is
 * computed.
 */
public sealed interface Observation {

    /** When it happened, in virtual nanoseconds since the start of the run. */
    long atNanos();

    /** A short stable name of the record type, the first field of {@link #line()}. */
    String kind();

    /** Writes this record's fields, in a fixed order, after the time and kind. */
    void encode(Fields fields);

    /** The canonical one-line encoding: {@code atNanos<TAB>kind<TAB>name=value...}. */
    default String line() {
        Fields f = new Fields(kind(), atNanos());
        encode(f);
        return f.text();
    }

    /** How a probe ended. */
    enum ProbeOutcome {
        /** Answered within the slow threshold. */
        OK,
        /** Answered, but slower than the slow threshold (and within the client's timeout). */
        SLOW,
        /** Not answered: the proxy gave up or the client timed out. */
        FAILED
    }

    /** How a deploy ended, as the runner judged it. */
    enum DeployOutcome { SUCCEEDED, FAILED, ROLLED_BACK }

    /** What happened to a lease. */
    enum LeaseChange {
        ACQUIRED, REFRESHED, RELEASED, EXPIRED,
        /** The machine was destroyed while leased; the lease went with it. */
        DROPPED
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    /**
     * A machine came into existence (launched by an actor, or seeded before the deploy by
     * {@code world}). Every check of a launched machine starts critical; a seeded started machine
     * reports its passing checks right after.
     *
     * @param metadata the machine's metadata at launch, sorted by key
     */
    record MachineLaunched(long atNanos, String machineId, String actor, String region, String processGroup,
                           String image, String instanceId, MachineState state, SortedMap<String, String> metadata)
            implements Observation {
        public MachineLaunched {
            machineId = nn(machineId);
            actor = nn(actor);
            region = nn(region);
            processGroup = nn(processGroup);
            image = nn(image);
            instanceId = nn(instanceId);
            Objects.requireNonNull(state, "state");
            metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        }

        @Override
        public String kind() {
            return "launched";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).str("actor", actor).str("region", region).str("group", processGroup)
                    .str("image", image).str("instance", instanceId).name("state", state).map("metadata", metadata);
        }
    }

    /**
     * A machine's lifecycle state or version changed. {@code from == to} never happens: a
     * version change of a stopped machine passes through {@code replacing}.
     *
     * @param image the image of the version the machine is in after the change
     * @param instanceId that version's instance ID
     */
    record MachineStateChanged(long atNanos, String machineId, MachineState from, MachineState to, String image,
                               String instanceId) implements Observation {
        public MachineStateChanged {
            machineId = nn(machineId);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            image = nn(image);
            instanceId = nn(instanceId);
        }

        @Override
        public String kind() {
            return "state";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).name("from", from).name("to", to).str("image", image).str("instance", instanceId);
        }
    }

    /**
     * A machine reached {@code destroyed}. Only the proxy learning of it (a later
     * {@link ProxyViewChanged}) and probes that were routed to it can mention it afterwards.
     */
    record MachineDestroyed(long atNanos, String machineId) implements Observation {
        public MachineDestroyed {
            machineId = nn(machineId);
        }

        @Override
        public String kind() {
            return "destroyed";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId);
        }
    }

    /**
     * Whether a machine's app can actually answer requests changed: true once the app of a
     * started machine is ready, false from the moment it receives its kill signal, crashes, or
     * the machine is destroyed.
     */
    record AppReadyChanged(long atNanos, String machineId, String instanceId, boolean ready) implements Observation {
        public AppReadyChanged {
            machineId = nn(machineId);
            instanceId = nn(instanceId);
        }

        @Override
        public String kind() {
            return "ready";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).str("instance", instanceId).bool("ready", ready);
        }
    }

    /**
     * A machine's registration changed.
     *
     * @param serviceRegistered whether its services are registered with the proxy at all (false
     *     for a machine without services, and once destroyed)
     * @param cordoned whether it is cordoned (created with skip_service_registration, or cordoned)
     * @param dnsRegistered whether it is in internal DNS (false with DNS skip_registration)
     */
    record RegistrationChanged(long atNanos, String machineId, boolean serviceRegistered, boolean cordoned,
                               boolean dnsRegistered) implements Observation {
        public RegistrationChanged {
            machineId = nn(machineId);
        }

        @Override
        public String kind() {
            return "registration";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).bool("service", serviceRegistered).bool("cordoned", cordoned)
                    .bool("dns", dnsRegistered);
        }
    }

    /**
     * The proxy's view of a machine changed: it now believes the machine routable or not.
     *
     * @param changedAtNanos when the fact it learned became true in the world; the difference to
     *     {@code atNanos} is the propagation delay
     */
    record ProxyViewChanged(long atNanos, String machineId, boolean routable, long changedAtNanos)
            implements Observation {
        public ProxyViewChanged {
            machineId = nn(machineId);
        }

        @Override
        public String kind() {
            return "proxy";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).bool("routable", routable).num("changedAt", changedAtNanos);
        }
    }

    /** A check's status on a machine changed. */
    record CheckStatusChanged(long atNanos, String machineId, String check, boolean serviceCheck,
                              CheckStatus.Status from, CheckStatus.Status to) implements Observation {
        public CheckStatusChanged {
            machineId = nn(machineId);
            check = nn(check);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String kind() {
            return "check";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).str("check", check).bool("service", serviceCheck).name("from", from)
                    .name("to", to);
        }
    }

    /** A metadata key of a machine was set (or removed: {@code present == false}). */
    record MetadataChanged(long atNanos, String machineId, String key, String value, boolean present)
            implements Observation {
        public MetadataChanged {
            machineId = nn(machineId);
            key = nn(key);
            value = nn(value);
        }

        @Override
        public String kind() {
            return "metadata";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).str("key", key).str("value", value).bool("present", present);
        }
    }

    /**
     * A machine's lease changed hands or expiry.
     *
     * @param owner the lease's owner (for a release or expiry, the one who lost it)
     * @param expiresAtNanos the lease's expiry after the change (for a release, when it would have expired)
     */
    record LeaseChanged(long atNanos, String machineId, LeaseChange change, String owner, String nonce,
                        long expiresAtNanos) implements Observation {
        public LeaseChanged {
            machineId = nn(machineId);
            Objects.requireNonNull(change, "change");
            owner = nn(owner);
            nonce = nn(nonce);
        }

        @Override
        public String kind() {
            return "lease";
        }

        @Override
        public void encode(Fields f) {
            f.str("machine", machineId).name("change", change).str("owner", owner).str("nonce", nonce)
                    .num("expiresAt", expiresAtNanos);
        }
    }

    /**
     * A Machines API call finished (recorded when its answer reached the caller).
     *
     * @param startedAtNanos when the caller made it
     * @param actor who called (the lease owner name the API is bound to)
     * @param operation the port's method name ({@code update}, {@code acquireLease}, ...)
     * @param machineId the machine it concerned, empty for list
     * @param leaseHolder who held the machine's lease when the platform handled the call, empty if nobody
     * @param error empty on success, else the {@code MachinesApiException} subclass's simple
     *     name ({@code LeaseHeld}, {@code Transient}, ...)
     * @param detail the error message, or a short description of the result
     */
    record ApiCall(long atNanos, long startedAtNanos, String actor, String operation, String machineId,
                   String leaseHolder, String error, String detail) implements Observation {
        public ApiCall {
            actor = nn(actor);
            operation = nn(operation);
            machineId = nn(machineId);
            leaseHolder = nn(leaseHolder);
            error = nn(error);
            detail = nn(detail);
        }

        /** Whether the call succeeded. */
        public boolean ok() {
            return error.isEmpty();
        }

        @Override
        public String kind() {
            return "api";
        }

        @Override
        public void encode(Fields f) {
            f.num("startedAt", startedAtNanos).str("actor", actor).str("op", operation).str("machine", machineId)
                    .str("leaseHolder", leaseHolder).str("error", error).str("detail", detail);
        }
    }

    /**
     * One HTTP probe finished (recorded when the client got its answer or gave up).
     *
     * @param sentAtNanos when the client sent it
     * @param latencyNanos {@code atNanos - sentAtNanos}
     * @param machineId the machine that answered, empty if none did
     * @param attempts how many instances the proxy tried
     * @param detail why it failed or what slowed it, empty for a plain answer
     */
    record ProbeResult(long atNanos, long sentAtNanos, ProbeOutcome outcome, long latencyNanos, String machineId,
                       int attempts, String detail) implements Observation {
        public ProbeResult {
            Objects.requireNonNull(outcome, "outcome");
            machineId = nn(machineId);
            detail = nn(detail);
        }

        @Override
        public String kind() {
            return "probe";
        }

        @Override
        public void encode(Fields f) {
            f.num("sentAt", sentAtNanos).name("outcome", outcome).num("latency", latencyNanos).str("machine", machineId)
                    .num("attempts", attempts).str("detail", detail);
        }
    }

    /** A strategy reported a step (flyctl's step names), from {@code model.deploy.StepRecorder}. */
    record StrategyStep(long atNanos, String step, String machineId, String detail) implements Observation {
        public StrategyStep {
            step = nn(step);
            machineId = nn(machineId);
            detail = nn(detail);
        }

        @Override
        public String kind() {
            return "step";
        }

        @Override
        public void encode(Fields f) {
            f.str("step", step).str("machine", machineId).str("detail", detail);
        }
    }

    /**
     * A fault started (or, for an instantaneous one such as a crash, happened).
     *
     * @param fault the fault kind, e.g. {@code crash}, {@code api-errors}
     * @param target what it hit: a machine ID, a region, {@code api}, {@code proxy}
     */
    record FaultInjected(long atNanos, String fault, String target, String detail) implements Observation {
        public FaultInjected {
            fault = nn(fault);
            target = nn(target);
            detail = nn(detail);
        }

        @Override
        public String kind() {
            return "fault";
        }

        @Override
        public void encode(Fields f) {
            f.str("fault", fault).str("target", target).str("detail", detail);
        }
    }

    /** A fault with a duration ended. */
    record FaultHealed(long atNanos, String fault, String target) implements Observation {
        public FaultHealed {
            fault = nn(fault);
            target = nn(target);
        }

        @Override
        public String kind() {
            return "healed";
        }

        @Override
        public void encode(Fields f) {
            f.str("fault", fault).str("target", target);
        }
    }

    /** The deploy began. */
    record DeployStarted(long atNanos, String strategy, String detail) implements Observation {
        public DeployStarted {
            strategy = nn(strategy);
            detail = nn(detail);
        }

        @Override
        public String kind() {
            return "deploy.start";
        }

        @Override
        public void encode(Fields f) {
            f.str("strategy", strategy).str("detail", detail);
        }
    }

    /** The deploy ended. */
    record DeployFinished(long atNanos, DeployOutcome outcome, String detail) implements Observation {
        public DeployFinished {
            Objects.requireNonNull(outcome, "outcome");
            detail = nn(detail);
        }

        @Override
        public String kind() {
            return "deploy.end";
        }

        @Override
        public void encode(Fields f) {
            f.name("outcome", outcome).str("detail", detail);
        }
    }
}
