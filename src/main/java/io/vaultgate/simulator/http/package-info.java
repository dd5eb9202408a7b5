/**
 * The wire every simulated service builds on: requests and responses, the route table, the bearer token, JSON
 * helpers, API errors, and {@link io.vaultgate.simulator.http.FrontDoor}, the routing and error handling the front
 * doors share. It knows no service: it depends on no other simulator package.
 */
package io.vaultgate.simulator.http;
