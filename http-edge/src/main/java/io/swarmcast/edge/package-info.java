/**
 * The server users meet: campaign API, binary WebSocket streaming, security and metrics. Built by the
 * edge issue.
 */
package io.swarmcast.edge;
