package dev.deploysim.model.machines;

/** Health of the host a machine lives on, as the Machines API reports it. */
public enum HostStatus { OK, UNKNOWN, UNREACHABLE }
