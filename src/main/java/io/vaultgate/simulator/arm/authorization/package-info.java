/**
 * {@code Microsoft.Authorization}: role assignments at any scope, and the built-in role definitions. Assignments
 * name principals of the directory, so it depends on the Graph package.
 */
package io.vaultgate.simulator.arm.authorization;
