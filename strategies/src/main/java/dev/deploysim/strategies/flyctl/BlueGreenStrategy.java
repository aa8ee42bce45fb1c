/*
 * flyctl's "bluegreen" strategy.
 * Follows: superfly/flyctl master at #5108, internal/command/deploy/strategy_bluegreen.go (Deploy,
 * Rollback, CreateGreenMachines, launchGreenMachineWithRetry, forceStartRepresentatives,
 * WaitForGreenMachinesToBeStarted/Healthy, MarkGreenMachinesAsReadyForTraffic,
 * TagBlueMachinesAsSafeForDeletion, CordonBlueMachines, StopBlueMachines,
 * WaitForBlueMachinesToBeStopped, DestroyBlueMachines, DetectMultipleImageVersions), entered from
 * machines_deploymachinesapp.go's updateUsingBlueGreenStrategy with leases on every blue. Spec 4.4.
 * Divergences:
 *  Shared machinery (each item in full in the header of the class named):
 *  - MachineDeployment S1: not modelled: release command, statics, release status, DNS check,
 *    machine_checks, org capability check, --update-only, --regions and --process-groups filters,
 *    restart-only deploys.
 *  - S2: the machine set is every machine the API lists, by ID; first deploy = no machines.
 *  - S3: goroutine pools are task groups with flyctl's limits; Go map order is sorted order; a
 *    plain errgroup's first error is the first in submission order.
 *  - S4 / L1 / FlapsClient F1: no jitter in any backoff (fly-go's retry waits are the draws' means).
 *  - S5 / L6 / M3: steps and WARN steps instead of log lines.
 *  - S6: no standby machine for new service-less groups.   S7: lease-less destroys pass "" as nonce.
 *  - S8: DeployException messages in flyctl's wording, %w keeping the inner message.
 *  - S9: a replacement's launch lease is released before its waits (as flyctl's code does).
 *  - S10: the recovery path's lease TTL is --lease-timeout (plan.go passes nanoseconds as seconds).
 *  - S11: recovery-path nonces live in a per-deploy map; nonces of others' leases are never reused.
 *  - S12: Ctrl-C is cancellation of the deploy task; cleanup runs with cancellation deferred.
 *  - S13: the listen-address check's "service ports bound" is the platform's "app answers".
 *  - FlapsClient F2: API timeouts are not retried by the transport layer.
 *  - LeasableMachine L2: waits ask flaps for min(remaining, 60 s) and retry API timeouts after the
 *    backoff; L3: the health wait passes at once for a config without checks; L4: the refresh loop
 *    stops on NotFound; L5: the 500 ms release grace is an await with a deadline.
 *  - MachineSet M1: AcquireLeases cancels on the first error and returns it; M2: ReleaseLeases
 *    runs with cancellation deferred.
 *  - LaunchInputs V1: volumes by name only, no unattached-volume inventory; V2: no standbys, host
 *    dedication or Postgres metadata; V3: the config is the release's per-group config over the old
 *    machine's metadata.
 *  - With deployRetries > 0, RecoveryPlan P1: the checks memo is per deploy; P3: waitForMachineState reads
 *    finished waits in the order stopped, started, suspended; P4: a machine the recovery path
 *    creates keeps its lease (never reached here); P5: leases from a failed acquisition attempt expire
 *    instead of being released.
 *  Strategy-specific:
 *  - The per-launch idempotency tag is "<unix timestamp>-<blue machine id>" instead of a ULID (no
 *    random source); it is unique per green within a deploy, which is what the lookup needs.
 *  - Green machines are kept in blue order (flyctl appends them in completion order).
 *  - The 90 ms polling loops of the start, health and stop waits are kept; their goroutines are
 *    cancelled when the wait returns (flyctl leaves them blocked on an unbuffered channel).
 *  - Retries as #5108 has them (strategy_bluegreen.go 198-223 for the numbers): uncordon (5 x, 500 ms
 *    doubling, max 30 s) retries every error and, exhausted, returns all of them (640-653: no
 *    RetryIf, no LastErrorOnly); tag (5 x, max 10 s, 1429-1434), cordon and stop of blues (5 x,
 *    500 ms doubling, max 10 s, 689-702 and 744-757, failures only warn), destroy of blues (5 x,
 *    890-895) and launch (3 x, 500 ms lookup delay) retry only transient errors (408/429/5xx/network,
 *    flapsutil/retry.go 30-51); a 404 on destroy counts as destroyed. Below these loops every call
 *    also goes through fly-go's transport retries (FlapsClient).
 *  - Errors joined with a step's sentinel (errors.Join) read "<cause>\n<sentinel>"; errors.Is is a
 *    set of sentinels carried by the exception.
 *  - Stopping blues uses the config's kill signal (flyctl's --signal flag is not an option here).
 *  - DetectMultipleImageVersions compares MachineConfig.image; only an empty image triggers the
 *    3-attempt re-fetch (flyctl: an empty ImageRef from the list API).
 *  - Not modelled: the org capability check (ErrOrgLimit), the detached-machines precondition
 *    (SetMachinesForDeployment), the zombie clean-up routine (never called in flyctl either).
 *  - The rollback's green destroys pass the empty nonce (greens never hold a lease, as in flyctl).
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.MachineDeployment.MachineUpdateEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * flyctl's bluegreen strategy: one green per blue, created cordoned; once every green started and
 * passed its checks they are uncordoned, blues tagged, and after 10 s cordoned, after 10 s more
 * stopped and destroyed. Failures up to and including the uncordon destroy the greens; later ones
 * leave greens serving.
 */
public final class BlueGreenStrategy extends FlyctlStrategy {

    @Override
    public String name() {
        return "bluegreen";
    }

    @Override
    public String source() {
        return "flyctl master @#5108 internal/command/deploy/strategy_bluegreen.go";
    }

    @Override
    String flyctlStrategy() {
        return "bluegreen";
    }

    @Override
    public List<OptionSpec> options() {
        return FlyctlOptions.bluegreen();
    }

    @Override
    public List<Guarantee> guarantees() {
        List<Guarantee> out = new ArrayList<>(machineryGuarantees());
        // minStartedMachines: found by the property suite; a group without a started machine gets one force-started
        // green (forceStartRepresentatives), so it ends with more started machines than it had.
        out.add(new Guarantee(Conditions.CONVERGED, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(Conditions.MIN_STARTED_MACHINES, ">=", 1)),
                "every blue gets a green with the release's config, greens mirror the blues' started or stopped state,"
                        + " and every blue is destroyed"));
        // serviceChecks: flyctl refuses an app without a check ("You need to define at least 1 check"); every group
        // with services having one is enough, the first group always has services
        out.add(succeeds("greens are created, started and pass their checks within wait-timeout, blues are cordoned,"
                + " stopped and destroyed; without faults no step fails", Guarantee.when(Conditions.SERVICE_CHECKS, "==", true)));
        List<Guarantee.Condition> serving = List.of(
                Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 1),
                Guarantee.when(Conditions.SERVICE_CHECKS, "==", true),
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.MAX_PROPAGATION_SECONDS, "<", 10),
                Guarantee.when(Conditions.WAIT_BEFORE_CORDON, ">=", 10),
                // found by the property suite: a shorter pause before stopping lets the proxy route to stopped blues
                Guarantee.when(FlyctlOptions.WAIT_BEFORE_STOP, ">=", 10));
        String why = "greens are uncordoned only after passing their checks, and blues are cordoned waitBeforeCordon"
                + " later, so the proxy knows the greens before it loses the blues";
        out.add(new Guarantee(Conditions.NEVER_ZERO_SERVING, serving, why));
        out.add(new Guarantee(Conditions.PROBES_ALL_OK, serving, why));
        // faults: found by the property suite; a failed cordon or stop only warns, and the next step goes ahead
        // minMachines: a group with no machines gets a new machine launched outside the blue/green steps
        out.add(new Guarantee(Conditions.ORDER, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.MIN_MACHINES, ">=", 1)),
                "every green is uncordoned before any blue is cordoned; each blue is cordoned before it is stopped"
                        + " and stopped before it is destroyed"));
        out.add(new Guarantee(Conditions.CLEAN_ROLLBACK, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS)),
                "a failure while creating, starting, health-checking or uncordoning greens destroys every green and"
                        + " leaves the blues untouched"));
        // minMachines: a group with no machines gets new ones created, beyond any bound over its (zero) machines
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.MIN_MACHINES, ">=", 1),
                Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "2 * machines")),
                "at most two machines per blue (the blue and its green) exist at once"));
        return List.copyOf(out);
    }

    /** The sentinel errors of strategy_bluegreen.go, with flyctl's messages. */
    enum Sentinel {
        TAG_FOR_DELETION("failed to mark as safe for deletion"),
        ABORTED("deployment aborted by user"),
        WAIT_TIMEOUT("wait timeout"),
        CREATE_GREEN_MACHINE("failed to create green machines"),
        WAIT_FOR_STARTED_STATE("could not get all green machines into started state"),
        WAIT_FOR_HEALTHY("could not get all green machines to be healthy"),
        MARK_READY_FOR_TRAFFIC("failed to mark green machines as ready"),
        CORDON_BLUE_MACHINES("failed to cordon blue machines"),
        STOP_BLUE_MACHINES("failed to stop blue machines"),
        WAIT_FOR_STOPPED_STATE("could not get all blue machines into stopped state"),
        DESTROY_BLUE_MACHINES("failed to destroy previous deployment"),
        VALIDATION_ERROR("app not in valid state for bluegreen deployments"),
        MULTIPLE_IMAGE_VERSIONS("found multiple image versions");

        final String message;

        Sentinel(String message) {
            this.message = message;
        }
    }

    /** An error that is (errors.Is) one or more sentinels. */
    static final class BlueGreenException extends DeployException {
        private static final long serialVersionUID = 1L;
        private final EnumSet<Sentinel> is;

        BlueGreenException(String message, Throwable cause, EnumSet<Sentinel> is) {
            super(message, cause, false, Errors.isUnrecoverable(cause));
            this.is = EnumSet.copyOf(is);
        }

        static BlueGreenException of(Sentinel s) {
            return new BlueGreenException(s.message, null, EnumSet.of(s));
        }

        static boolean is(Throwable t, Sentinel s) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof BlueGreenException b && b.is.contains(s)) {
                    return true;
                }
                if (s == Sentinel.ABORTED && c instanceof CancelledException) {
                    return true;
                }
            }
            return false;
        }

        /** errors.Join(err, sentinel). */
        static BlueGreenException join(Throwable err, Sentinel s) {
            EnumSet<Sentinel> set = EnumSet.of(s);
            for (Throwable c = err; c != null; c = c.getCause()) {
                if (c instanceof BlueGreenException b) {
                    set.addAll(b.is);
                }
                if (c instanceof CancelledException) {
                    set.add(Sentinel.ABORTED);
                }
            }
            return new BlueGreenException(Errors.message(err) + "\n" + s.message, err, set);
        }
    }

    /** Thrown by WaitForBlueMachinesToBeStopped when some waits failed (a multierror: not fatal). */
    static final class StopErrors extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopErrors(List<String> errors) {
            super(String.join("\n", errors), null, false, false);
        }
    }

    /** The bluegreen deployment of one set of blue machines (flyctl's blueGreen struct). */
    static final class BlueGreen {
        static final String BG_TAG = "fly_bluegreen_deployment_tag";
        static final String LAUNCH_ID = "fly_flyctl_bluegreen_launch_id";
        static final String SAFE_TO_DESTROY = "safe_to_destroy";
        static final Duration AFTER_CREATE_PAUSE = Duration.ofMillis(300);
        static final Duration POLL = Duration.ofMillis(90);
        static final int UNCORDON_RETRY_ATTEMPTS = 5;
        static final Duration UNCORDON_RETRY_DELAY = Duration.ofMillis(500);
        static final int TAG_RETRY_ATTEMPTS = 5;
        static final Duration TAG_RETRY_DELAY = Duration.ofMillis(500);
        static final int LAUNCH_RETRY_ATTEMPTS = 3;
        static final Duration LAUNCH_RETRY_DELAY = Duration.ofMillis(500);
        static final Duration LAUNCH_LOOKUP_DELAY = Duration.ofMillis(500);
        static final int IMAGE_REF_RETRY_ATTEMPTS = 3;
        static final Duration IMAGE_REF_RETRY_DELAY = Duration.ofSeconds(1);
        static final int TEARDOWN_RETRY_ATTEMPTS = 5;
        static final Duration TEARDOWN_RETRY_DELAY = Duration.ofMillis(500);

        private final MachineDeployment md;
        private final List<MachineUpdateEntry> blueMachines;
        private List<MachineUpdateEntry> greenMachines = List.of();
        private final Duration timeout;
        private final String timestamp;
        private final int maxConcurrent;
        private final List<String> hangingBlueMachines = new ArrayList<>();
        private boolean canDeleteGreenMachines = true;

        BlueGreen(MachineDeployment md, List<MachineUpdateEntry> blueMachines) {
            this.md = md;
            this.blueMachines = List.copyOf(blueMachines);
            this.timeout = md.settings.waitTimeout();
            this.timestamp = Long.toString(md.clock.now().getEpochSecond());
            this.maxConcurrent = md.settings.maxConcurrent();
        }

        private boolean isAborted() {
            return md.tasks.cancelled();
        }

        /** sleepAbortable: true if the deploy was cancelled while sleeping. */
        private boolean sleepAbortable(Duration d) {
            try {
                md.clock.sleep(d);
                return false;
            } catch (CancelledException c) {
                return true;
            }
        }

        private static boolean hostIsOk(Machine m) {
            return m.hostStatus() == HostStatus.OK;
        }

        /** Deploy: the steps of spec 4.4; any error is the step's sentinel joined to its cause. */
        void deploy() {
            md.step(Steps.BLUEGREEN, null, blueMachines.size() + " blue machines");
            if (isAborted()) {
                throw BlueGreenException.of(Sentinel.ABORTED);
            }
            md.step(Steps.DETECT_MULTIPLE_IMAGE_VERSIONS, null, "Verifying if app can be safely deployed");
            detectMultipleImageVersions();

            int totalMachinesWithChecks = 0;
            for (MachineUpdateEntry e : blueMachines) {
                if (e.launchInput.config().hasChecks()) {
                    totalMachinesWithChecks++;
                } else {
                    md.step(Steps.WARN, e.id(), "Machine " + e.leasableMachine.formattedMachineId()
                            + " doesn't have healthchecks setup. We won't check its health.");
                }
            }
            if (totalMachinesWithChecks == 0 && !blueMachines.isEmpty()) {
                throw new BlueGreenException("You need to define at least 1 check in order to use blue-green deployments."
                        + " Refer to https://fly.io/docs/reference/configuration/#services-tcp_checks\n"
                        + Sentinel.VALIDATION_ERROR.message, null, EnumSet.of(Sentinel.VALIDATION_ERROR));
            }

            md.step(Steps.CREATE_GREEN_MACHINES, null, "Creating green machines");
            try {
                createGreenMachines();
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.CREATE_GREEN_MACHINE);
            }
            abortIfCancelled();
            if (sleepAbortable(AFTER_CREATE_PAUSE)) { // "because computers are too fast"
                throw BlueGreenException.of(Sentinel.ABORTED);
            }

            md.step(Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_STARTED, null, "Waiting for all green machines to start");
            try {
                waitForGreenMachinesToBeStarted();
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.WAIT_FOR_STARTED_STATE);
            }
            abortIfCancelled();

            md.step(Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_HEALTHY, null, "Waiting for all green machines to be healthy");
            try {
                waitForGreenMachinesToBeHealthy();
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.WAIT_FOR_HEALTHY);
            }
            abortIfCancelled();

            md.step(Steps.MARK_GREEN_MACHINES_AS_READY_FOR_TRAFFIC, null, "Marking green machines as ready");
            try {
                markGreenMachinesAsReadyForTraffic();
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.MARK_READY_FOR_TRAFFIC);
            }
            // after this point, a rollback should never delete green machines.
            canDeleteGreenMachines = false;
            abortIfCancelled();

            md.step(Steps.TAG_BLUE_MACHINES_AS_SAFE_FOR_DELETION, null, "Checkpointing deployment");
            tagBlueMachinesAsSafeForDeletion();
            abortIfCancelled();

            md.step(Steps.WAIT_BEFORE_CORDON, null, "Waiting before cordoning all blue machines");
            if (sleepAbortable(md.settings.waitBeforeCordon())) {
                throw BlueGreenException.of(Sentinel.ABORTED);
            }
            md.step(Steps.CORDON_BLUE_MACHINES, null, "");
            try {
                cordonBlueMachines();
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.CORDON_BLUE_MACHINES);
            }
            abortIfCancelled();

            md.step(Steps.WAIT_BEFORE_STOP, null, "Waiting before stopping all blue machines");
            if (sleepAbortable(md.settings.waitBeforeStop())) {
                throw BlueGreenException.of(Sentinel.ABORTED);
            }
            md.step(Steps.STOP_BLUE_MACHINES, null, "Stopping all blue machines");
            try {
                stopBlueMachines();
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.STOP_BLUE_MACHINES);
            }

            md.step(Steps.WAIT_FOR_BLUE_MACHINES_TO_BE_STOPPED, null, "Waiting for all blue machines to stop");
            try {
                waitForBlueMachinesToBeStopped();
            } catch (StopErrors some) {
                md.step(Steps.WARN, null, "Failed to stop some machines:\n" + some.getMessage());
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.WAIT_FOR_STOPPED_STATE);
            }

            md.step(Steps.DESTROY_BLUE_MACHINES, null, "Destroying all blue machines");
            try {
                destroyBlueMachines();
            } catch (RuntimeException e) {
                throw BlueGreenException.join(e, Sentinel.DESTROY_BLUE_MACHINES);
            }
            md.step(Steps.DEPLOYMENT_COMPLETE, null, "Deployment Complete");
        }

        private void abortIfCancelled() {
            if (isAborted()) {
                throw BlueGreenException.of(Sentinel.ABORTED);
            }
        }

        /** CanDestroyGreenMachines: failures up to and including mark-ready, or an abort before it completed. */
        boolean canDestroyGreenMachines(Throwable err) {
            for (Sentinel s : List.of(Sentinel.CREATE_GREEN_MACHINE, Sentinel.WAIT_FOR_STARTED_STATE,
                    Sentinel.WAIT_FOR_HEALTHY, Sentinel.MARK_READY_FOR_TRAFFIC)) {
                if (BlueGreenException.is(err, s)) {
                    return true;
                }
            }
            return BlueGreenException.is(err, Sentinel.ABORTED) && canDeleteGreenMachines;
        }

        /**
         * Rollback: destroys the greens one by one (stopping at the first error, which is returned)
         * when the failure allows it; returns whether it did.
         */
        boolean rollback(Throwable err) {
            if (BlueGreenException.is(err, Sentinel.DESTROY_BLUE_MACHINES)) {
                md.step(Steps.WARN, null, "Failed to destroy blue machines (" + String.join(",", hanging()) + ")");
                return false;
            }
            if (!canDestroyGreenMachines(err)) {
                return false;
            }
            md.step(Steps.ROLLBACK, null, "Rolling back failed deployment");
            for (MachineUpdateEntry g : greenMachines) {
                g.leasableMachine.destroy(true);
                md.step(Steps.ROLLBACK, g.id(), "Deleted machine " + g.leasableMachine.formattedMachineId());
            }
            return true;
        }

        private synchronized List<String> hanging() {
            return List.copyOf(hangingBlueMachines);
        }

        /** forceStartRepresentatives: per group with checks and no naturally started machine, its first stopped one. */
        private List<Integer> forceStartRepresentatives() {
            TreeMap<String, Boolean> groupHasChecks = new TreeMap<>();
            TreeMap<String, Boolean> groupWillStart = new TreeMap<>();
            TreeMap<String, Integer> groupFirstStopped = new TreeMap<>();
            for (int i = 0; i < blueMachines.size(); i++) {
                LaunchInput li = blueMachines.get(i).launchInput;
                String pg = li.config().processGroup();
                if (li.config().hasChecks()) {
                    groupHasChecks.put(pg, true);
                }
                if (!li.skipLaunch()) {
                    groupWillStart.put(pg, true);
                } else {
                    groupFirstStopped.putIfAbsent(pg, i);
                }
            }
            List<Integer> forceStart = new ArrayList<>();
            for (String pg : groupHasChecks.keySet()) {
                if (groupWillStart.containsKey(pg)) {
                    continue;
                }
                Integer idx = groupFirstStopped.get(pg);
                if (idx != null) {
                    forceStart.add(idx);
                }
            }
            return forceStart;
        }

        /** CreateGreenMachines: max(1, min(ceil(n/3), max-concurrent)) launches at once, cordoned. */
        private void createGreenMachines() {
            int n = blueMachines.size();
            int createConcurrency = (int) Math.max(1, Math.min(Math.ceil(n / 3.0), maxConcurrent));
            List<Integer> forceStart = forceStartRepresentatives();
            MachineUpdateEntry[] greens = new MachineUpdateEntry[n];
            TaskGroup p = md.tasks.group("createGreenMachines", createConcurrency, false);
            for (int idx = 0; idx < n; idx++) {
                int i = idx;
                MachineUpdateEntry blue = blueMachines.get(i);
                p.go("createGreen " + blue.id(), () -> {
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    LaunchInput li = blue.launchInput.withoutId().withSkipServiceRegistration(true);
                    if (forceStart.contains(i)) {
                        li = li.withSkipLaunch(false);
                    }
                    String launchId = timestamp + "-" + blue.id();
                    li = li.withConfig(li.config().withMetadata(BG_TAG, timestamp).withMetadata(LAUNCH_ID, launchId));
                    Machine raw = launchGreenMachineWithRetry(li, launchId);
                    LeasableMachine green = LeasableMachine.launched(md.ctx, raw);
                    md.releaseLeaseWarn(green);
                    synchronized (greens) {
                        greens[i] = new MachineUpdateEntry(green, li);
                    }
                    md.step(Steps.CREATE_GREEN_MACHINES, green.id(), "Created machine " + green.formattedMachineId()
                            + (li.skipLaunch() ? " (skip_launch)" : ""));
                    return null;
                });
            }
            try {
                p.await();
            } finally {
                List<MachineUpdateEntry> created = new ArrayList<>();
                synchronized (greens) {
                    for (MachineUpdateEntry g : greens) {
                        if (g != null) {
                            created.add(g);
                        }
                    }
                }
                greenMachines = List.copyOf(created);
            }
        }

        /**
         * launchGreenMachineWithRetry: up to 3 launches; after a transient error, a 500 ms pause and
         * a lookup by launch ID reuse a machine a "failed" launch did create.
         */
        private Machine launchGreenMachineWithRetry(LaunchInput li, String launchId) {
            RuntimeException lastErr = null;
            Duration delay = LAUNCH_RETRY_DELAY;
            for (int attempt = 0; attempt < LAUNCH_RETRY_ATTEMPTS; attempt++) {
                md.tasks.checkCancelled();
                try {
                    return md.api.launch(li);
                } catch (RuntimeException err) {
                    lastErr = err;
                    if (!Errors.isTransient(err)) {
                        throw err;
                    }
                }
                md.clock.sleep(LAUNCH_LOOKUP_DELAY);
                try {
                    Machine existing = findGreenMachineByLaunchID(launchId);
                    if (existing != null) {
                        md.step(Steps.WARN, existing.id(), "Launch reported an error but machine " + existing.id()
                                + " was already created (idempotency tag matched); reusing it");
                        return existing;
                    }
                } catch (RuntimeException lookupErr) {
                    if (Errors.isCancelled(lookupErr)) {
                        throw lookupErr;
                    }
                    md.step(Steps.WARN, null, "Idempotency lookup after failed launch returned an error: "
                            + Errors.message(lookupErr));
                }
                if (attempt + 1 < LAUNCH_RETRY_ATTEMPTS) {
                    md.step(Steps.WARN, null, "Retrying green machine launch (attempt " + (attempt + 2) + "/"
                            + LAUNCH_RETRY_ATTEMPTS + "): " + Errors.message(lastErr));
                    md.clock.sleep(delay);
                    if (delay.compareTo(Duration.ofSeconds(5)) < 0) {
                        delay = delay.multipliedBy(2);
                    }
                }
            }
            throw lastErr;
        }

        private Machine findGreenMachineByLaunchID(String launchId) {
            for (Machine m : md.api.list()) {
                if (launchId.equals(m.config().metadata().get(LAUNCH_ID))) {
                    return m;
                }
            }
            return null;
        }

        /** WaitForGreenMachinesToBeStarted: skip_launch greens count as started; overall wait-timeout. */
        private void waitForGreenMachinesToBeStarted() {
            Instant deadline = md.clock.now().plus(timeout);
            TreeMap<String, Boolean> started = new TreeMap<>();
            List<Task<Goroutines.Outcome<String>>> waits = new ArrayList<>();
            for (MachineUpdateEntry g : greenMachines) {
                String id = g.id();
                started.put(id, false);
                if (g.launchInput.skipLaunch()) {
                    started.put(id, true);
                    continue;
                }
                waits.add(Goroutines.go(md.tasks, "waitGreenStarted " + id, () -> {
                    g.leasableMachine.waitForStartOrStop("start", timeout);
                    return id;
                }));
            }
            try {
                while (true) {
                    RuntimeException reported = null;
                    for (Task<Goroutines.Outcome<String>> t : waits) {
                        if (t.isDone()) {
                            Goroutines.Outcome<String> o = Goroutines.outcome(md.tasks, t);
                            if (o.ok()) {
                                started.put(o.value(), true);
                            } else if (reported == null) {
                                reported = o.error();
                            }
                        }
                    }
                    if (!started.containsValue(false)) {
                        return;
                    }
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    // The timeout ticker started before the goroutines, so on a tie it wins.
                    if (!md.clock.now().isBefore(deadline)) {
                        throw BlueGreenException.of(Sentinel.WAIT_TIMEOUT);
                    }
                    if (reported != null) {
                        throw reported;
                    }
                    if (sleepAbortable(POLL)) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                }
            } finally {
                Goroutines.stop(md.tasks, waits);
            }
        }

        /**
         * WaitForGreenMachinesToBeHealthy: every green with configured checks polled (after the
         * smallest grace, at most 1 s) at the smallest check interval (at most 60 s) until all its
         * checks pass; skip_launch greens count as 1/1 passing.
         */
        private void waitForGreenMachinesToBeHealthy() {
            Instant deadline = md.clock.now().plus(timeout);
            TreeMap<String, int[]> status = new TreeMap<>(); // id -> {passing, total}
            List<Task<Goroutines.Outcome<String>>> pollers = new ArrayList<>();
            for (MachineUpdateEntry g : greenMachines) {
                if (g.launchInput.skipLaunch()) {
                    status.put(g.id(), new int[] {1, 1});
                    continue;
                }
                if (!g.launchInput.config().hasChecks()) {
                    continue; // "there's no point checking for health, a started state is enough"
                }
                status.put(g.id(), new int[] {0, 0});
            }
            for (MachineUpdateEntry g : greenMachines) {
                if (g.launchInput.skipLaunch() || !g.launchInput.config().hasChecks()) {
                    continue;
                }
                pollers.add(Goroutines.go(md.tasks, "waitGreenHealthy " + g.id(), () -> {
                    pollGreenHealth(g, status);
                    return g.id();
                }));
            }
            try {
                while (true) {
                    if (allMachinesHealthy(status)) {
                        return;
                    }
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    if (!md.clock.now().isBefore(deadline)) {
                        throw BlueGreenException.of(Sentinel.WAIT_TIMEOUT);
                    }
                    for (Task<Goroutines.Outcome<String>> t : pollers) {
                        if (t.isDone()) {
                            Goroutines.Outcome<String> o = Goroutines.outcome(md.tasks, t);
                            if (!o.ok()) {
                                throw o.error();
                            }
                        }
                    }
                    if (sleepAbortable(POLL)) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                }
            } finally {
                Goroutines.stop(md.tasks, pollers);
            }
        }

        private void pollGreenHealth(MachineUpdateEntry g, TreeMap<String, int[]> status) {
            Instant waitDeadline = md.clock.now().plus(timeout);
            LeasableMachine probe = new LeasableMachine(md.ctx, withConfig(g.leasableMachine.machine(), g.launchInput.config()), "");
            Duration[] intervalAndGrace = probe.minIntervalAndMinGracePeriod();
            md.clock.sleep(intervalAndGrace[1]);
            while (true) {
                if (!md.clock.now().isBefore(waitDeadline)) {
                    throw Errors.error("context deadline exceeded");
                }
                Machine m = md.api.get(g.id());
                int total = m.checks().size();
                int passing = 0;
                for (CheckStatus c : m.checks()) {
                    if (c.passing()) {
                        passing++;
                    }
                }
                synchronized (status) {
                    status.put(g.id(), new int[] {passing, total});
                }
                if (total == passing && total != 0) {
                    return;
                }
                md.clock.sleep(intervalAndGrace[0]);
            }
        }

        private static Machine withConfig(Machine m, MachineConfig c) {
            return new Machine(m.id(), m.region(), m.state(), c, m.instanceId(), m.hostStatus(), m.cordoned(), m.checks(),
                    m.leaseNonce(), m.leaseOwner(), m.events(), m.createdAt());
        }

        private static boolean allMachinesHealthy(TreeMap<String, int[]> status) {
            synchronized (status) {
                int passed = 0;
                for (int[] v : status.values()) {
                    if (v[1] != 0 && v[0] == v[1]) {
                        passed++;
                    }
                }
                return passed == status.size();
            }
        }

        /** MarkGreenMachinesAsReadyForTraffic: uncordon every green, 5 attempts each; exhaustion is fatal. */
        private void markGreenMachinesAsReadyForTraffic() {
            TaskGroup p = md.tasks.group("markGreenMachinesAsReadyForTraffic", maxConcurrent, false);
            for (MachineUpdateEntry g : greenMachines) {
                p.go("uncordon " + g.id(), () -> {
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    // strategy_bluegreen.go 640-653: no RetryIf (every error is retried) and no LastErrorOnly
                    Retry.doRetry(md.clock, UNCORDON_RETRY_ATTEMPTS, UNCORDON_RETRY_DELAY, Duration.ofSeconds(30),
                            e -> true, false,
                            (n, err) -> md.step(Steps.WARN, g.id(), "Retrying uncordon for machine " + g.id()
                                    + " (attempt " + (n + 1) + "/" + UNCORDON_RETRY_ATTEMPTS + "): " + Errors.message(err)),
                            () -> md.api.uncordon(g.id(), ""));
                    md.step(Steps.MARK_GREEN_MACHINES_AS_READY_FOR_TRAFFIC, g.id(), "Machine " + g.id() + " now ready");
                    return null;
                });
            }
            p.await();
        }

        /** TagBlueMachinesAsSafeForDeletion: never fails the deploy; untagged blues are reported. */
        private void tagBlueMachinesAsSafeForDeletion() {
            List<String> untagged = new ArrayList<>();
            TaskGroup p = md.tasks.group("tagBlueMachinesAsSafeForDeletion", maxConcurrent, false);
            for (MachineUpdateEntry b : blueMachines) {
                p.go("tag " + b.id(), () -> {
                    try {
                        Retry.doRetry(md.clock, TAG_RETRY_ATTEMPTS, TAG_RETRY_DELAY, Duration.ofSeconds(10), Errors::isTransient,
                                (n, err) -> md.step(Steps.WARN, b.id(), "Retrying safe-for-deletion tag for machine " + b.id()
                                        + " (attempt " + (n + 1) + "/" + TAG_RETRY_ATTEMPTS + "): " + Errors.message(err)),
                                () -> b.leasableMachine.setMetadata(BG_TAG, SAFE_TO_DESTROY));
                    } catch (RuntimeException err) {
                        md.step(Steps.WARN, b.id(), "Could not tag machine " + b.id() + " as safe-for-deletion after "
                                + TAG_RETRY_ATTEMPTS + " attempts: " + Errors.message(err));
                        synchronized (untagged) {
                            untagged.add(b.id());
                        }
                    }
                    return null;
                });
            }
            try {
                p.await();
            } catch (RuntimeException cancelled) {
                // Only a cancellation reaches here; the abort check after this step reports it.
            }
            if (!untagged.isEmpty()) {
                md.step(Steps.WARN, null, untagged.size() + " blue machine(s) could not be tagged safe-for-deletion."
                        + " The deployment will still proceed");
            }
        }

        /** CordonBlueMachines: blues on ok hosts; failures only warn. */
        private void cordonBlueMachines() {
            TaskGroup p = md.tasks.group("cordonBlueMachines", maxConcurrent, false);
            for (MachineUpdateEntry b : blueMachines) {
                if (!hostIsOk(b.leasableMachine.machine())) {
                    continue;
                }
                p.go("cordon " + b.id(), () -> {
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    try {
                        // strategy_bluegreen.go 689-702: 5 attempts on transient errors, 500 ms doubling, max 10 s
                        Retry.doRetry(md.clock, TEARDOWN_RETRY_ATTEMPTS, TEARDOWN_RETRY_DELAY, Duration.ofSeconds(10),
                                Errors::isTransient,
                                (n, err) -> md.step(Steps.WARN, b.id(), "Retrying cordon for machine " + b.id() + " (attempt "
                                        + (n + 1) + "/" + TEARDOWN_RETRY_ATTEMPTS + "): " + Errors.message(err)),
                                () -> b.leasableMachine.cordon());
                        md.step(Steps.CORDON_BLUE_MACHINES, b.id(), "Machine " + b.id() + " cordoned");
                    } catch (RuntimeException err) {
                        if (Errors.isCancelled(err)) {
                            throw err;
                        }
                        md.step(Steps.WARN, b.id(), "Failed to cordon machine " + b.id() + " after " + TEARDOWN_RETRY_ATTEMPTS
                                + " attempts: " + Errors.message(err));
                    }
                    return null;
                });
            }
            p.await();
        }

        /** StopBlueMachines: blues on ok hosts; failures only warn (they are destroyed with force later). */
        private void stopBlueMachines() {
            TaskGroup p = md.tasks.group("stopBlueMachines", maxConcurrent, false);
            for (MachineUpdateEntry b : blueMachines) {
                if (!hostIsOk(b.leasableMachine.machine())) {
                    continue;
                }
                p.go("stop " + b.id(), () -> {
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    try {
                        // strategy_bluegreen.go 744-757: 5 attempts on transient errors, 500 ms doubling, max 10 s
                        Retry.doRetry(md.clock, TEARDOWN_RETRY_ATTEMPTS, TEARDOWN_RETRY_DELAY, Duration.ofSeconds(10),
                                Errors::isTransient,
                                (n, err) -> md.step(Steps.WARN, b.id(), "Retrying stop for machine " + b.id() + " (attempt "
                                        + (n + 1) + "/" + TEARDOWN_RETRY_ATTEMPTS + "): " + Errors.message(err)),
                                () -> b.leasableMachine.stop(Optional.empty()));
                        md.step(Steps.STOP_BLUE_MACHINES, b.id(), "");
                    } catch (RuntimeException err) {
                        if (Errors.isCancelled(err)) {
                            throw err;
                        }
                        md.step(Steps.WARN, b.id(), "Failed to stop machine " + b.id() + " after " + TEARDOWN_RETRY_ATTEMPTS
                                + " attempts: " + Errors.message(err));
                    }
                    return null;
                });
            }
            p.await();
        }

        /** WaitForBlueMachinesToBeStopped: per-machine errors collected (not fatal), the overall timeout fatal. */
        private void waitForBlueMachinesToBeStopped() {
            Instant deadline = md.clock.now().plus(timeout);
            List<Task<Goroutines.Outcome<String>>> waits = new ArrayList<>();
            for (MachineUpdateEntry b : blueMachines) {
                if (hostIsOk(b.leasableMachine.machine())) {
                    waits.add(Goroutines.go(md.tasks, "waitBlueStopped " + b.id(), () -> {
                        try {
                            b.leasableMachine.waitForStartOrStop("stop", timeout);
                        } catch (RuntimeException err) {
                            if (Errors.isCancelled(err)) {
                                throw err;
                            }
                            throw Errors.error("failed to stop machine " + b.leasableMachine.formattedMachineId() + ": "
                                    + Errors.message(err));
                        }
                        return b.id();
                    }));
                }
            }
            List<Task<Goroutines.Outcome<String>>> pending = new ArrayList<>(waits);
            List<String> merr = new ArrayList<>();
            try {
                while (true) {
                    if (pending.isEmpty()) {
                        if (!merr.isEmpty()) {
                            throw new StopErrors(merr);
                        }
                        return;
                    }
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    // The timeout ticker started before the goroutines, so on a tie it wins.
                    if (!md.clock.now().isBefore(deadline)) {
                        throw BlueGreenException.of(Sentinel.WAIT_TIMEOUT);
                    }
                    boolean received = false;
                    for (java.util.Iterator<Task<Goroutines.Outcome<String>>> it = pending.iterator(); it.hasNext(); ) {
                        Task<Goroutines.Outcome<String>> t = it.next();
                        if (t.isDone()) {
                            it.remove();
                            received = true;
                            Goroutines.Outcome<String> o = Goroutines.outcome(md.tasks, t);
                            if (!o.ok()) {
                                merr.add(Errors.message(o.error())); // collected, not fatal
                            }
                        }
                    }
                    if (received) {
                        continue;
                    }
                    if (sleepAbortable(POLL)) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                }
            } finally {
                Goroutines.stop(md.tasks, waits);
            }
        }

        /**
         * DestroyBlueMachines: kill every blue (non-ok hosts straight through the API with no nonce),
         * transient errors retried, 404 meaning already gone; failures are listed, not fatal.
         */
        private void destroyBlueMachines() {
            TaskGroup p = md.tasks.group("destroyBlueMachines", maxConcurrent, false);
            for (MachineUpdateEntry b : blueMachines) {
                p.go("destroy " + b.id(), () -> {
                    if (isAborted()) {
                        throw BlueGreenException.of(Sentinel.ABORTED);
                    }
                    try {
                        Retry.doRetry(md.clock, TEARDOWN_RETRY_ATTEMPTS, TEARDOWN_RETRY_DELAY, Duration.ofSeconds(10),
                                Errors::isTransient,
                                (n, err) -> md.step(Steps.WARN, b.id(), "Retrying destroy of machine " + b.id() + " (attempt "
                                        + (n + 1) + "/" + TEARDOWN_RETRY_ATTEMPTS + "): " + Errors.message(err)),
                                () -> {
                                    try {
                                        if (hostIsOk(b.leasableMachine.machine())) {
                                            b.leasableMachine.destroy(true);
                                        } else {
                                            md.api.destroy(b.id(), true, "");
                                        }
                                    } catch (MachinesApiException.NotFound gone) {
                                        // already destroyed
                                    }
                                });
                        md.step(Steps.DESTROY_BLUE_MACHINES, b.id(), "Machine " + b.id() + " destroyed");
                    } catch (RuntimeException err) {
                        if (Errors.isCancelled(err)) {
                            throw err;
                        }
                        synchronized (hangingBlueMachines) {
                            hangingBlueMachines.add(b.id());
                        }
                    }
                    return null;
                });
            }
            p.await();
            List<String> hanging = hanging();
            if (!hanging.isEmpty()) {
                md.step(Steps.WARN, null, "Failed to destroy " + hanging.size() + " machine(s). Remove them manually with:"
                        + " fly machine destroy --force -a " + md.ctx.appName() + " " + String.join(" ", hanging));
            }
        }

        /**
         * DetectMultipleImageVersions: every blue on an ok host must run one image (an empty image
         * is re-fetched up to 3 times); machines on other hosts are left out; no image at all and no
         * unreachable machine also fails.
         */
        private void detectMultipleImageVersions() {
            TreeMap<String, List<String>> imageToMachineIds = new TreeMap<>();
            TreeMap<String, Boolean> safeToDelete = new TreeMap<>();
            List<String> unreachable = new ArrayList<>();
            for (MachineUpdateEntry b : blueMachines) {
                Machine m = b.leasableMachine.machine();
                if (!hostIsOk(m)) {
                    unreachable.add(m.id());
                    continue;
                }
                if (m.image().isEmpty()) {
                    Machine fresh = refreshMachineImageRef(m.id());
                    if (fresh == null || !hostIsOk(fresh) || fresh.image().isEmpty()) {
                        unreachable.add(m.id());
                        continue;
                    }
                    m = fresh;
                }
                imageToMachineIds.computeIfAbsent(m.image(), k -> new ArrayList<>()).add(m.id());
                if (SAFE_TO_DESTROY.equals(b.launchInput.config().metadata().get(BG_TAG))) {
                    safeToDelete.put(m.image(), true);
                }
            }
            if (!unreachable.isEmpty()) {
                md.step(Steps.WARN, null, "some machines are on hosts that are not ok, skipping image check for them: "
                        + String.join(", ", unreachable));
            }
            if (imageToMachineIds.size() == 1 || (imageToMachineIds.isEmpty() && !unreachable.isEmpty())) {
                return;
            }
            StringBuilder sb = new StringBuilder("Found " + imageToMachineIds.size() + " different images in your app"
                    + " (for bluegreen to work, all machines need to run a single image)");
            for (Map.Entry<String, List<String>> e : imageToMachineIds.entrySet()) {
                sb.append("\n  [x] ").append(e.getKey()).append(" - ").append(e.getValue().size()).append(" machine(s) (")
                        .append(String.join(",", e.getValue())).append(")");
            }
            if (!safeToDelete.isEmpty()) {
                sb.append("\nThese image(s) are from a previous failed deployment and can be safely destroyed: ")
                        .append(String.join(", ", safeToDelete.keySet()));
            }
            md.step(Steps.WARN, null, sb.toString());
            throw BlueGreenException.of(Sentinel.MULTIPLE_IMAGE_VERSIONS);
        }

        private Machine refreshMachineImageRef(String id) {
            Machine[] fresh = new Machine[1];
            try {
                Retry.doRetry(md.clock, IMAGE_REF_RETRY_ATTEMPTS, IMAGE_REF_RETRY_DELAY, Duration.ofSeconds(5), e -> true,
                        (n, err) -> md.step(Steps.WARN, id, "Retrying image lookup for machine " + id + ": " + Errors.message(err)),
                        () -> fresh[0] = md.api.get(id));
            } catch (RuntimeException e) {
                if (Errors.isCancelled(e)) {
                    throw e;
                }
                return null;
            }
            return fresh[0];
        }
    }
}
