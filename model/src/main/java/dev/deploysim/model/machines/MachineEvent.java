package dev.deploysim.model.machines;

import java.time.Instant;

/**
 * One entry of a machine's event list, which flyctl's smoke check reads: the latest exit event
 * decides whether the machine is crash-looping.
 *
 * @param type {@code launch}, {@code start}, {@code exit}, {@code update}, ...
 * @param status the state the event moved the machine to
 * @param requested whether a user or flyctl asked for it (an exit after a stop request)
 * @param exitCode the process exit code for exit events, else 0
 * @param restarting whether the platform is restarting the machine after this exit
 * @param restartCount restarts so far of this instance
 * @param timestamp when it happened
 */
public record MachineEvent(String type, String status, boolean requested, int exitCode, boolean restarting,
                           int restartCount, Instant timestamp) {
}
