/**
 * The Machines API port, shaped after flyctl's flaps client so that a ported strategy calls the
 * same operations with the same arguments, and the typed errors flyctl tells apart.
 */
package dev.deploysim.model.machines;
