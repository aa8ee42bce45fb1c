package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.deploy.Options;
import java.time.Duration;

/**
 * The resolved options of one deploy, typed: flyctl's {@code machineDeployment} fields that come
 * from flags.
 */
record DeploySettings(int deployRetries, double maxUnavailable, Duration waitTimeout, Duration leaseTimeout,
                      int maxConcurrent, boolean smokeChecks, boolean healthChecks, Duration waitBeforeCordon,
                      Duration waitBeforeStop, boolean prHead) {

    static DeploySettings from(Options o) {
        Duration cordon = o.asMap().containsKey(FlyctlOptions.WAIT_BEFORE_CORDON)
                ? o.getDuration(FlyctlOptions.WAIT_BEFORE_CORDON) : FlyctlOptions.DEFAULT_BLUEGREEN_WAIT;
        Duration stop = o.asMap().containsKey(FlyctlOptions.WAIT_BEFORE_STOP)
                ? o.getDuration(FlyctlOptions.WAIT_BEFORE_STOP) : FlyctlOptions.DEFAULT_BLUEGREEN_WAIT;
        return new DeploySettings(o.getInt(FlyctlOptions.DEPLOY_RETRIES), o.getDouble(FlyctlOptions.MAX_UNAVAILABLE),
                o.getDuration(FlyctlOptions.WAIT_TIMEOUT), o.getDuration(FlyctlOptions.LEASE_TIMEOUT),
                o.getInt(FlyctlOptions.MAX_CONCURRENT), o.getBoolean(FlyctlOptions.SMOKE_CHECKS),
                o.getBoolean(FlyctlOptions.HEALTH_CHECKS), cordon, stop,
                o.asMap().containsKey(FlyctlOptions.PR_HEAD) && o.getBoolean(FlyctlOptions.PR_HEAD));
    }

    /** flyctl's {@code leaseDelayBetween}: (TTL - 1 s) / 3, 4 s for the default 13 s. */
    Duration leaseDelayBetween() {
        return leaseTimeout.minusSeconds(1).dividedBy(3);
    }

    /** Whether this deploy takes the recovery path ({@code updateExistingMachinesWRecovery}). */
    boolean recoveryPath() {
        return deployRetries > 0;
    }
}
