/**
 * Journal, snapshot store and schema management for campaigns: embedded H2 by default, PostgreSQL by
 * configuration. Built by the campaign issue.
 */
package io.swarmcast.persistence;
