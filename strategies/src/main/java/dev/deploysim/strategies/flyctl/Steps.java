package dev.deploysim.strategies.flyctl;

/**
 * The step names the ported strategies report through the step recorder: flyctl's function names
 * in lowerCamelCase (so {@code CreateGreenMachines} is {@code createGreenMachines}), plus a few
 * outcome steps named after flyctl's status lines. One place, so that tests and observers never
 * spell them differently.
 */
public final class Steps {
    private Steps() {
    }

    // machines_deploymachinesapp.go
    public static final String DEPLOY_MACHINES_APP = "deployMachinesApp";
    public static final String DEPLOY_CANARY_MACHINES = "deployCanaryMachines";
    public static final String SPAWN_MACHINE_IN_GROUP = "spawnMachineInGroup";
    /** A legacy canary destroyed after its checks passed (machcmd.Destroy). */
    public static final String DESTROY_CANARY = "destroyCanaryMachine";
    /** A canary left behind because its checks failed (flyctl #4745 path). */
    public static final String CANARY_LEAKED = "canaryLeaked";
    public static final String REMOVE_MACHINES = "removeMachines";
    public static final String DEPLOY_CREATE_MACHINES_FOR_GROUPS = "deployCreateMachinesForGroups";
    public static final String UPDATE_EXISTING_MACHINES = "updateExistingMachines";
    public static final String UPDATE_USING_IMMEDIATE_STRATEGY = "updateUsingImmediateStrategy";
    public static final String UPDATE_USING_ROLLING_STRATEGY = "updateUsingRollingStrategy";
    public static final String UPDATE_ENTRIES_GROUP = "updateEntriesGroup";
    public static final String UPDATE_MACHINE = "updateMachine";
    public static final String UPDATE_MACHINE_IN_PLACE = "updateMachineInPlace";
    public static final String UPDATE_MACHINE_BY_REPLACE = "updateMachineByReplace";
    public static final String WAIT_FOR_MACHINE = "waitForMachine";
    public static final String WAIT_FOR_STATE = "waitForState";
    public static final String DO_SMOKE_CHECKS = "doSmokeChecks";
    public static final String WAIT_FOR_HEALTHCHECKS_TO_PASS = "waitForHealthchecksToPass";
    /** warnAboutIncorrectListenAddress: polling until the group's service ports are bound. */
    public static final String LISTEN_ADDRESS_CHECK = "warnAboutIncorrectListenAddress";
    /** "Machine X update succeeded". */
    public static final String UPDATE_SUCCEEDED = "machineUpdateSucceeded";
    /** "Machine X update failed". */
    public static final String UPDATE_FAILED = "machineUpdateFailed";
    /** "Machine X update canceled": a pool task that found its pool cancelled and did nothing. */
    public static final String UPDATE_SKIPPED = "machineUpdateSkipped";
    /** The canary-serving canaries' deferred cleanup (PR #4948). */
    public static final String DESTROY_CANARIES_AFTER_ROLL = "destroyCanariesAfterRoll";

    // internal/machine: machine_set.go, leasable_machine.go
    public static final String ACQUIRE_LEASES = "acquireLeases";
    public static final String RELEASE_LEASES = "releaseLeases";
    public static final String START_BACKGROUND_LEASE_REFRESH = "startBackgroundLeaseRefresh";

    // plan.go
    public static final String APP_STATE = "appState";
    public static final String UPDATE_MACHINES_W_RECOVERY = "updateMachinesWRecovery";
    public static final String UPDATE_PROCESS_GROUP = "updateProcessGroup";
    public static final String UPDATE_MACHINE_W_CHECKS = "updateMachineWChecks";
    public static final String UPDATE_MACHINE_CONFIG = "updateMachineConfig";
    public static final String WAIT_FOR_MACHINE_STATE = "waitForMachineState";
    /** "Machine X is now in a good state". */
    public static final String GOOD_STATE = "machineInGoodState";
    /** One push-forward retry ("Failed to update machines: ... Retrying..."). */
    public static final String PUSH_FORWARD = "pushForward";
    /** The recovery-path canary's phase 1 (the single picked machine) and phase 2 (the rest). */
    public static final String CANARY_PHASE_1 = "canaryPhase1";
    public static final String CANARY_PHASE_2 = "canaryPhase2";

    // strategy_bluegreen.go
    public static final String BLUEGREEN = "bluegreen";
    public static final String DETECT_MULTIPLE_IMAGE_VERSIONS = "detectMultipleImageVersions";
    public static final String CREATE_GREEN_MACHINES = "createGreenMachines";
    public static final String WAIT_FOR_GREEN_MACHINES_TO_BE_STARTED = "waitForGreenMachinesToBeStarted";
    public static final String WAIT_FOR_GREEN_MACHINES_TO_BE_HEALTHY = "waitForGreenMachinesToBeHealthy";
    public static final String MARK_GREEN_MACHINES_AS_READY_FOR_TRAFFIC = "markGreenMachinesAsReadyForTraffic";
    public static final String TAG_BLUE_MACHINES_AS_SAFE_FOR_DELETION = "tagBlueMachinesAsSafeForDeletion";
    public static final String WAIT_BEFORE_CORDON = "waitBeforeCordon";
    public static final String CORDON_BLUE_MACHINES = "cordonBlueMachines";
    public static final String WAIT_BEFORE_STOP = "waitBeforeStop";
    public static final String STOP_BLUE_MACHINES = "stopBlueMachines";
    public static final String WAIT_FOR_BLUE_MACHINES_TO_BE_STOPPED = "waitForBlueMachinesToBeStopped";
    public static final String DESTROY_BLUE_MACHINES = "destroyBlueMachines";
    public static final String ROLLBACK = "rollback";
    /** "Deployment Complete". */
    public static final String DEPLOYMENT_COMPLETE = "deploymentComplete";

    /** The deploy returned an error (detail: its message). */
    public static final String DEPLOY_FAILED = "deployFailed";
    /** A non-fatal problem flyctl prints as a warning (detail: the message). */
    public static final String WARN = "warn";
}
