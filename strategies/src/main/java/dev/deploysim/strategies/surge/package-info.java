/**
 * deploysim's own {@code surge-rolling} strategy: each old machine is replaced by a new one that has
 * passed its checks long enough for the proxy to route to it before the old one is cordoned, drained
 * and destroyed, at most {@code surge} at a time, so that no process group is ever left without a
 * serving machine.
 */
package dev.deploysim.strategies.surge;
