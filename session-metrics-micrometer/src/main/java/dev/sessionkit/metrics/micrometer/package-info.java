/**
 * Micrometer metrics for SessionKit: {@link dev.sessionkit.metrics.micrometer.SessionMetrics}, a session listener
 * that counts session events, times store calls and gauges the sessions a store holds.
 */
package dev.sessionkit.metrics.micrometer;
