/*
 * Amazon ECS's rolling update deployment (deployment controller type ECS) with the deployment circuit
 * breaker, run on fly machines.
 * Follows: the Amazon ECS Developer Guide ("Deploy Amazon ECS services by replacing tasks", "How the Amazon
 * ECS deployment circuit breaker detects failures", "Amazon ECS services": health and task replacement) and the
 * API reference (DeploymentConfiguration.minimumHealthyPercent / maximumPercent,
 * DeploymentCircuitBreaker.enable / rollback / resetOnHealthyTask, ServiceDeploymentCircuitBreaker.threshold),
 * the target group's deregistration delay (Elastic Load Balancing), and `aws ecs wait services-stable`.
 * How ECS maps onto fly machines:
 *  - a service is one process group; its desired count is the number of the group's warm machines when the
 *    deploy begins; a task is a machine; the new task definition is the release's config for the group;
 *  - starting a task launches a machine; stopping one deregisters it from the load balancer (cordons it),
 *    waits the deregistration delay (connection draining), then stops it (SIGTERM = its kill signal,
 *    stopTimeout = its kill_timeout) and destroys it;
 *  - RUNNING is started; healthy is every check passing (the checks play the load balancer's target health
 *    checks), or, for a machine without checks, 40 s after it reached RUNNING (ECS's rule for tasks without
 *    health checks).
 * Divergences:
 *  E1 The scheduler is ECS's; here one loop syncs every second with one list call; health is learnt by
 *     polling. Tasks are started all at once up to the maximum (no launch throttling after failures).
 *  E2 A RUNNING task counts as failing its health checks when they still fail once the second run after their
 *     grace period has failed (the target group's default unhealthy threshold of 2: the check's grace + one
 *     interval + its timeout after the start, for the slowest check), plus healthCheckGracePeriodSeconds; it is
 *     then stopped and replaced and counts for the circuit breaker.
 *  E3 Circuit breaker stages: a task that stops before reaching RUNNING counts in stage 1; once any task
 *     reaches RUNNING the count restarts for stage 2, where tasks failing their health checks or stopping
 *     count; with resetOnHealthyTask a healthy task resets it. The breaker trips at the threshold
 *     (ceil(0.5 x desired), clamped to [3, 200]).
 *  E4 The deploy is `aws ecs update-service` plus `aws ecs wait services-stable` (40 polls 15 s apart: it fails
 *     after 10 minutes with "Waiter ServicesStable failed: Max attempts exceeded"). A circuit breaker trip fails
 *     the deploy at once (ECS emits SERVICE_DEPLOYMENT_FAILED); with rollback the deploy first waits for the
 *     rollback deployment, which rolls the group's current config back out with the circuit breaker off. In
 *     ECS the scheduler keeps going after the waiter gives up; here it stops with the deploy.
 *  E5 Tasks being deregistered or stopped count towards maximumPercent while they still run (they are RUNNING)
 *     and never towards the healthy minimum. Unhealthy old tasks are stopped first, outside the minimum.
 *  E6 fly only: each stop holds the machine's lease; cold machines are not tasks and are updated in place,
 *     still stopped; groups the release adds or drops are not handled. Old tasks ready at the first poll are
 *     healthy at once.
 *  E7 Not modelled: CloudWatch alarms, bake time, blue/green and external deployment controllers, capacity
 *     providers and placement, the EC2 launch type's draining container instances.
 */
package dev.deploysim.strategies.ecs;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.fleet.Fleet;
import dev.deploysim.strategies.fleet.GroupPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * ECS's rolling update: per service, new tasks start up to maximumPercent of the desired count and
 * old ones stop while the healthy tasks stay at or above minimumHealthyPercent; the deployment
 * circuit breaker fails the deployment after enough failed tasks and, with rollback, rolls the
 * previous task definition back out.
 */
public final class EcsRollingStrategy implements Strategy {

    /** The registered name. */
    public static final String NAME = "ecs-rolling";

    /** {@code deploymentConfiguration.minimumHealthyPercent}. */
    public static final String MINIMUM_HEALTHY_PERCENT = "minimumHealthyPercent";
    /** {@code deploymentConfiguration.maximumPercent}. */
    public static final String MAXIMUM_PERCENT = "maximumPercent";
    /** {@code deploymentConfiguration.deploymentCircuitBreaker.enable}. */
    public static final String CIRCUIT_BREAKER = "circuitBreaker";
    /** {@code deploymentConfiguration.deploymentCircuitBreaker.rollback}. */
    public static final String ROLLBACK = "rollback";
    /** {@code deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask}. */
    public static final String RESET_ON_HEALTHY_TASK = "resetOnHealthyTask";
    /** The service's {@code healthCheckGracePeriodSeconds}. */
    public static final String HEALTH_CHECK_GRACE_PERIOD_SECONDS = "healthCheckGracePeriodSeconds";
    /** The target group's {@code deregistration_delay.timeout_seconds}. */
    public static final String DEREGISTRATION_DELAY = "deregistrationDelay";

    /** How often the loop syncs (divergence E1). */
    static final Duration SYNC_PERIOD = Duration.ofSeconds(1);
    /** How long a task without health checks must run before it counts as healthy. */
    static final Duration NO_HEALTH_CHECK_WAIT = Duration.ofSeconds(40);
    /** The target group's default UnhealthyThresholdCount (divergence E2). */
    static final int UNHEALTHY_THRESHOLD_COUNT = 2;
    /** {@code aws ecs wait services-stable}: 40 attempts, 15 s apart. */
    static final Duration SERVICES_STABLE_WAIT = Duration.ofSeconds(15).multipliedBy(40);

    // ---- steps ----
    /** A service deployment began (detail: desired, the task bounds, the breaker's threshold). */
    public static final String DEPLOYMENT_STARTED = "deploymentStarted";
    /** The scheduler started a task (launched a machine). */
    public static final String START_TASK = "startTask";
    /** A task stop began (deregister, drain, stop, destroy). */
    public static final String STOP_TASK = "stopTask";
    /** A task of the deployment turned healthy. */
    public static final String TASK_HEALTHY = "taskHealthy";
    /** A task of the deployment failed (detail: why, and the breaker's count). */
    public static final String TASK_FAILED = "taskFailed";
    /** The circuit breaker moved the deployment to FAILED. */
    public static final String CIRCUIT_BREAKER_TRIGGERED = "circuitBreakerTriggered";
    /** The circuit breaker started a rollback deployment. */
    public static final String ROLLBACK_STEP = "rollback";
    /** The deployment's rolloutState became COMPLETED. */
    public static final String DEPLOYMENT_COMPLETED = "deploymentCompleted";
    /** A cold machine was updated in place (divergence E6). */
    public static final String UPDATE_COLD_MACHINE = "updateColdMachine";
    /** The deploy failed (detail: the message). */
    public static final String DEPLOY_FAILED = "deployFailed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String source() {
        return "Amazon ECS Developer Guide: rolling update, deployment circuit breaker; API DeploymentConfiguration";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                new OptionSpec(MINIMUM_HEALTHY_PERCENT, OptionSpec.Type.INT, 100,
                        "tasks that must stay healthy, in percent of the desired count, rounded up"),
                new OptionSpec(MAXIMUM_PERCENT, OptionSpec.Type.INT, 200,
                        "tasks allowed RUNNING or PENDING, in percent of the desired count, rounded down"),
                new OptionSpec(CIRCUIT_BREAKER, OptionSpec.Type.BOOLEAN, true,
                        "the deployment circuit breaker: fail the deployment after 0.5 x desired failed tasks (3 to 200)"),
                new OptionSpec(ROLLBACK, OptionSpec.Type.BOOLEAN, true,
                        "on a circuit breaker failure, roll the previous task definition back out"),
                new OptionSpec(RESET_ON_HEALTHY_TASK, OptionSpec.Type.BOOLEAN, true,
                        "a task turning healthy resets the circuit breaker's failure count"),
                new OptionSpec(HEALTH_CHECK_GRACE_PERIOD_SECONDS, OptionSpec.Type.INT, 0,
                        "seconds after a task starts before failing health checks count against it"),
                new OptionSpec(DEREGISTRATION_DELAY, OptionSpec.Type.DURATION, Duration.ofSeconds(300),
                        "the load balancer's connection draining: time between deregistering a task and stopping it"));
    }

    /** The documented ranges; the maximum must also leave room for the desired count. */
    @Override
    public void validate(Options o) {
        int min = o.getInt(MINIMUM_HEALTHY_PERCENT);
        if (min < 0 || min > 100) {
            throw new InvalidOptionException(MINIMUM_HEALTHY_PERCENT, "must be between 0 and 100, was " + min);
        }
        int max = o.getInt(MAXIMUM_PERCENT);
        if (max < 100) {
            throw new InvalidOptionException(MAXIMUM_PERCENT,
                    "must be at least 100 so that the desired count fits, was " + max);
        }
        int grace = o.getInt(HEALTH_CHECK_GRACE_PERIOD_SECONDS);
        if (grace < 0) {
            throw new InvalidOptionException(HEALTH_CHECK_GRACE_PERIOD_SECONDS, "must be >= 0, was " + grace);
        }
    }

    @Override
    public List<Guarantee> guarantees() {
        return List.of(
                new Guarantee(Conditions.CONVERGED, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true)),
                        "the desired count of new tasks turns healthy and every old task is stopped"),
                new Guarantee(Conditions.MAX_UNAVAILABLE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(Conditions.MAX_UNAVAILABLE_PER_GROUP, Conditions.IS,
                                "warm - ceil(warm * minimumHealthyPercent / 100)")),
                        "per service, healthy tasks not being stopped >= ceil(desired x minimumHealthyPercent / 100):"
                                + " old tasks are deregistered only while the healthy count stays at that minimum;"
                                + " healthy is not serving: the proxy may not know the new tasks yet"),
                new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        // the desired count (warm) scaled by maximumPercent, plus the cold machines updated in place
                        Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS,
                                "machines - warm + floor(warm * maximumPercent / 100)")),
                        "per service, tasks that are not stopped (draining ones included) <= floor(desired x"
                                + " maximumPercent / 100): new tasks start only into that room"),
                new Guarantee(Conditions.CLEAN_ROLLBACK, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(MINIMUM_HEALTHY_PERCENT, "==", 100), Guarantee.when(CIRCUIT_BREAKER, "==", true),
                        Guarantee.when(ROLLBACK, "==", true)),
                        "at 100% minimum healthy no old task stops before new ones are healthy, so when a bad release trips"
                                + " the breaker the old tasks are untouched and the rollback stops every new one"),
                // maximumPercent and deregistrationDelay: found by the property suite; at 100% maximum and 100% minimum
                // healthy no task can start or stop, and a roll in several batches of a deregistration delay each
                // outlasts the services-stable waiter's 10 minutes (the deploy fails, as the CLI does); and a task whose
                // app answers after its first two failed checks (grace period 0) is unhealthy and trips the breaker
                new Guarantee(Conditions.SUCCEEDS, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(MAXIMUM_PERCENT, ">=", 200),
                        Guarantee.when(DEREGISTRATION_DELAY, "<=", 300), Guarantee.when(HEALTH_CHECK_GRACE_PERIOD_SECONDS, ">=", 60),
                        Guarantee.when(Conditions.MAX_START_SECONDS, "<=", 60)),
                        "without faults every new task turns healthy; with room for all of them at once (200%) they start"
                                + " together and the old ones drain together, so the service is stable before the"
                                + " services-stable waiter's 10 minutes"),
                new Guarantee(Conditions.LEASE_DISCIPLINE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS)),
                        "each task stop acquires the machine's lease, refreshes it through the drain, and ends with the"
                                + " destroy or a release"),
                new Guarantee(Conditions.LIVENESS, List.of(),
                        "the deploy ends when the service is stable, when the circuit breaker trips (after the rollback"
                                + " deployment, itself bounded by the waiter), or after the services-stable waiter's 10 minutes"));
    }

    @Override
    public void deploy(DeployContext ctx) {
        validate(ctx.options());
        Options o = ctx.options();
        ServiceDeployment.Config config = new ServiceDeployment.Config(o.getInt(MINIMUM_HEALTHY_PERCENT),
                o.getInt(MAXIMUM_PERCENT), o.getBoolean(CIRCUIT_BREAKER), o.getBoolean(RESET_ON_HEALTHY_TASK),
                Duration.ofSeconds(o.getInt(HEALTH_CHECK_GRACE_PERIOD_SECONDS)), o.getDuration(DEREGISTRATION_DELAY));
        boolean rollback = o.getBoolean(ROLLBACK);
        Fleet fleet = new Fleet(ctx);
        try {
            Instant waiterDeadline = ctx.clock().now().plus(SERVICES_STABLE_WAIT);
            List<Machine> all = fleet.pollUntilAnswered();
            List<GroupPlan> plans = GroupPlan.of(ctx.release(), all);
            for (GroupPlan p : plans) {
                fleet.updateColdInPlace(p, all, UPDATE_COLD_MACHINE);
            }
            fleet.forEachGroup(plans, "service", p -> deployService(ctx, fleet, p, config, rollback, waiterDeadline));
        } catch (RuntimeException e) {
            DeployException d = Fleet.toDeployException(e);
            ctx.steps().step(DEPLOY_FAILED, null, d.getMessage());
            throw d;
        }
    }

    private static void deployService(DeployContext ctx, Fleet fleet, GroupPlan plan, ServiceDeployment.Config config,
                                      boolean rollback, Instant waiterDeadline) {
        if (plan.desired() == 0) {
            return;
        }
        ServiceDeployment d = new ServiceDeployment(ctx, fleet, plan, plan.target(), config, "deployment");
        ServiceDeployment.Outcome outcome = d.run(waiterDeadline);
        if (outcome == ServiceDeployment.Outcome.COMPLETED) {
            return;
        }
        String why = "service " + plan.group() + ": " + d.failure();
        if (outcome == ServiceDeployment.Outcome.NOT_STABLE || !rollback) {
            throw new DeployException(why);
        }
        ctx.steps().step(ROLLBACK_STEP, null, plan.group() + ": rolling back to " + plan.previous().image());
        ServiceDeployment.Config rollbackConfig = new ServiceDeployment.Config(config.minimumHealthyPercent(),
                config.maximumPercent(), false, config.resetOnHealthyTask(), config.healthCheckGracePeriod(),
                config.deregistrationDelay());
        ServiceDeployment back = new ServiceDeployment(ctx, fleet, plan, plan.previous(), rollbackConfig, "rollback");
        if (back.run(waiterDeadline) == ServiceDeployment.Outcome.COMPLETED) {
            throw new DeployException(why + "; rolled back to the previous task definition", null, true, false);
        }
        throw new DeployException(why + "; the rollback did not complete: " + back.failure());
    }
}
