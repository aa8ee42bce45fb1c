package dev.deploysim.strategies.ecs;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.strategies.fleet.Fleet;
import dev.deploysim.strategies.fleet.GroupPlan;
import dev.deploysim.strategies.fleet.Instances;
import dev.deploysim.strategies.fleet.Readiness;
import dev.deploysim.strategies.fleet.Terminations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One service deployment of the ECS service scheduler: start tasks of the deployment's task
 * definition up to maximumPercent, stop old tasks while the healthy ones stay at or above
 * minimumHealthyPercent, replace tasks that fail or fail their health checks, and count those
 * failures for the deployment circuit breaker. Synced once a second.
 */
final class ServiceDeployment {

    /** How a deployment ended. */
    enum Outcome { COMPLETED, FAILED, NOT_STABLE }

    /** The deployment configuration and the service settings the scheduler reads. */
    record Config(int minimumHealthyPercent, int maximumPercent, boolean circuitBreaker, boolean resetOnHealthyTask,
                  Duration healthCheckGracePeriod, Duration deregistrationDelay) {
    }

    /** A task this deployment started. */
    private static final class StartedTask {
        final String id;
        Machine machine;
        boolean reachedRunning;
        boolean healthy;

        StartedTask(Machine machine) {
            this.id = machine.id();
            this.machine = machine;
        }
    }

    private final DeployContext ctx;
    private final Fleet fleet;
    private final GroupPlan plan;
    private final MachineConfig target;
    private final Config config;
    private final String label;
    private final TaskBounds bounds;
    private final int threshold;
    private final Readiness readiness = new Readiness();
    private final Terminations terminations;
    private final TreeMap<String, StartedTask> started = new TreeMap<>();
    private int failureCount;
    private boolean stage2;
    private String failure = "";

    /**
     * @param target the task definition this deployment rolls out (the release's config, or for a
     *     rollback the group's current one)
     * @param label "deployment" or "rollback", prefixed to every step's detail
     */
    ServiceDeployment(DeployContext ctx, Fleet fleet, GroupPlan plan, MachineConfig target, Config config, String label) {
        this.ctx = ctx;
        this.fleet = fleet;
        this.plan = plan;
        this.target = target;
        this.config = config;
        this.label = label;
        this.bounds = TaskBounds.of(plan.desired(), config.minimumHealthyPercent(), config.maximumPercent());
        this.threshold = TaskBounds.circuitBreakerThreshold(plan.desired());
        this.terminations = new Terminations(ctx, EcsRollingStrategy.STOP_TASK);
    }

    String failure() {
        return failure;
    }

    /** Runs the deployment until it is COMPLETED, FAILED (circuit breaker) or {@code waiterDeadline} passes. */
    Outcome run(Instant waiterDeadline) {
        step(EcsRollingStrategy.DEPLOYMENT_STARTED, "desired=" + plan.desired() + " minHealthy=" + bounds.minHealthy()
                + " max=" + bounds.max() + (config.circuitBreaker() ? " circuitBreakerThreshold=" + threshold : ""));
        try {
            while (true) {
                Optional<List<Machine>> polled = fleet.poll();
                if (polled.isPresent()) {
                    Instant now = ctx.clock().now();
                    int inFlight = terminations.inFlight();
                    int handBacks = terminations.handBacks();
                    ServiceTasks tasks = observe(polled.get(), now);
                    if (config.circuitBreaker() && failureCount >= threshold) {
                        failure = "deployment circuit breaker: " + failureCount + " failed tasks (threshold " + threshold + ")";
                        step(EcsRollingStrategy.CIRCUIT_BREAKER_TRIGGERED, failure);
                        return Outcome.FAILED;
                    }
                    // stable only once every stopped task is gone: a stop that gave up hands its task back
                    if (schedule(tasks) && inFlight == 0 && terminations.handBacks() == handBacks) {
                        step(EcsRollingStrategy.DEPLOYMENT_COMPLETED, "rolloutState=COMPLETED");
                        return Outcome.COMPLETED;
                    }
                }
                if (ctx.clock().now().isAfter(waiterDeadline)) {
                    failure = "Waiter ServicesStable failed: Max attempts exceeded";
                    return Outcome.NOT_STABLE;
                }
                ctx.clock().sleep(EcsRollingStrategy.SYNC_PERIOD);
            }
        } finally {
            terminations.awaitAll();
        }
    }

    /** The service's tasks as one poll shows them. */
    private record ServiceTasks(List<Machine> old, List<Machine> healthyOld, List<StartedTask> current, int draining) {
    }

    private ServiceTasks observe(List<Machine> all, Instant now) {
        List<Machine> instances = plan.instances(all);
        readiness.observe(instances, now);
        TreeMap<String, Machine> byId = new TreeMap<>();
        for (Machine m : instances) {
            byId.put(m.id(), m);
        }
        List<StartedTask> current = new ArrayList<>();
        for (StartedTask t : started.values()) {
            if (terminations.isTerminating(t.id)) {
                continue;
            }
            Machine m = byId.get(t.id);
            if (m == null || !Instances.isActive(m)) {
                // stopped before it was ever healthy: stage 1 if it never reached RUNNING
                taskFailed(t, m, t.reachedRunning ? "task stopped" : "task failed to reach RUNNING");
                continue;
            }
            t.machine = m;
            if (m.state() == MachineState.STARTED && !t.reachedRunning) {
                t.reachedRunning = true;
                if (!stage2) {
                    stage2 = true; // a task reached RUNNING: the stage 1 criteria are skipped
                    failureCount = 0;
                }
            }
            if (!t.healthy && healthy(m, now)) {
                t.healthy = true;
                step(EcsRollingStrategy.TASK_HEALTHY, t.id, t.id + " healthy");
                if (config.resetOnHealthyTask()) {
                    failureCount = 0;
                }
            } else if (!t.healthy && t.reachedRunning && unhealthyFor(m, now)) {
                taskFailed(t, m, "task failed its health checks");
                continue;
            }
            current.add(t);
        }
        List<Machine> old = new ArrayList<>();
        List<Machine> healthyOld = new ArrayList<>();
        int draining = 0;
        for (Machine m : instances) {
            if (terminations.isTerminating(m.id())) {
                if (Instances.isRunning(m)) {
                    draining++; // a task being deregistered or stopped is still RUNNING
                }
                continue;
            }
            if (started.containsKey(m.id()) || m.state().isGone()) {
                continue;
            }
            if (!Instances.isActive(m)) {
                terminations.start(m, Terminations.Spec.stopAtOnce(), "task " + m.state().apiName());
                continue;
            }
            if (Instances.runs(m, target)) {
                // already on this task definition: counts as one of the deployment's tasks
                StartedTask t = new StartedTask(m);
                t.reachedRunning = m.state() == MachineState.STARTED;
                t.healthy = healthy(m, now);
                started.put(m.id(), t);
                current.add(t);
                continue;
            }
            old.add(m);
            if (healthy(m, now)) {
                healthyOld.add(m);
            }
        }
        return new ServiceTasks(old, healthyOld, current, draining);
    }

    /**
     * Healthy as the scheduler counts towards the minimum: with health checks, when they pass; without
     * any, 40 s after the task reached RUNNING.
     */
    private boolean healthy(Machine m, Instant now) {
        if (!m.config().hasChecks()) {
            return readiness.readyFor(m, EcsRollingStrategy.NO_HEALTH_CHECK_WAIT, now);
        }
        return readiness.isReady(m);
    }

    /**
     * A RUNNING task whose checks still fail when the second run after their grace period has failed
     * (the target group's default unhealthy threshold of 2: grace + interval + timeout after the
     * start, for the slowest check), plus the service's health check grace period.
     */
    private boolean unhealthyFor(Machine m, Instant now) {
        if (!m.config().hasChecks()) {
            return false;
        }
        Optional<Instant> startedAt = startedAt(m);
        if (startedAt.isEmpty()) {
            return false;
        }
        Duration slowest = Duration.ZERO;
        for (CheckDefinition c : m.config().checks()) {
            Duration failedTwice = c.gracePeriod().plus(c.interval().multipliedBy(EcsRollingStrategy.UNHEALTHY_THRESHOLD_COUNT - 1))
                    .plus(c.timeout());
            if (failedTwice.compareTo(slowest) > 0) {
                slowest = failedTwice;
            }
        }
        return !now.isBefore(startedAt.get().plus(config.healthCheckGracePeriod()).plus(slowest));
    }

    private static Optional<Instant> startedAt(Machine m) {
        for (var e : m.events()) { // newest first
            if (e.type().equals("start")) {
                return Optional.of(e.timestamp());
            }
        }
        return Optional.empty();
    }

    private void taskFailed(StartedTask t, Machine m, String why) {
        failureCount++;
        step(EcsRollingStrategy.TASK_FAILED, t.id, t.id + ": " + why + " (" + failureCount + "/" + threshold + ")");
        if (m != null && !m.state().isGone()) {
            terminations.start(m, Terminations.Spec.stopAtOnce(), why);
        }
    }

    /**
     * One scheduling pass; true once the service is stable: every desired task runs this
     * deployment's task definition and is healthy, and no other task is left running.
     */
    private boolean schedule(ServiceTasks tasks) {
        int desired = plan.desired();
        int total = tasks.old().size() + tasks.current().size() + tasks.draining();
        int toStart = Math.min(desired - tasks.current().size(), bounds.max() - total);
        if (toStart > 0) {
            startTasks(toStart);
        }
        Instant now = ctx.clock().now();
        int healthyNew = (int) tasks.current().stream().filter(t -> healthy(t.machine, now)).count();
        int healthy = tasks.healthyOld().size() + healthyNew;
        // unhealthy old tasks go first: stopping them does not lower the healthy count
        List<Machine> ranked = new ArrayList<>();
        for (Machine m : tasks.old()) {
            if (!tasks.healthyOld().contains(m)) {
                ranked.add(m);
            }
        }
        int unhealthyOld = ranked.size();
        ranked.addAll(tasks.healthyOld());
        int canStop = unhealthyOld + Math.max(0, healthy - bounds.minHealthy());
        int stops = Math.min(canStop, ranked.size());
        for (int i = 0; i < stops; i++) {
            terminations.start(ranked.get(i), new Terminations.Spec(true, config.deregistrationDelay()),
                    i < unhealthyOld ? "unhealthy old task" : "replaced; deregistered, draining "
                            + config.deregistrationDelay().toSeconds() + "s");
        }
        return tasks.old().isEmpty() && tasks.draining() == 0 && terminations.inFlight() == 0
                && tasks.current().size() == desired && healthyNew == desired;
    }

    private void startTasks(int n) {
        TaskGroup g = ctx.tasks().group("startTasks " + plan.group(), n, false);
        for (int i = 0; i < n; i++) {
            g.go("startTask " + plan.group(), () -> {
                fleet.launch(plan, target, EcsRollingStrategy.START_TASK).ifPresent(m -> {
                    synchronized (started) {
                        started.put(m.id(), new StartedTask(m));
                    }
                });
                return null;
            });
        }
        g.await();
    }

    private void step(String step, String detail) {
        step(step, null, detail);
    }

    private void step(String step, String machineId, String detail) {
        ctx.steps().step(step, machineId, plan.group() + " " + label + ": " + detail);
    }
}
