/**
 * Campaigns as sharded, event-sourced Pekko actors, each owning a {@link io.swarmcast.engine.Simulation}.
 * Built by the campaign issue; the module exists now so that dependencies point one way from the start.
 */
package io.swarmcast.campaign;
