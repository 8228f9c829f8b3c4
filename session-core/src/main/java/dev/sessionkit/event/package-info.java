/**
 * The listener SPI: what happened to sessions ({@link dev.sessionkit.event.SessionEvent}) and every store call
 * ({@link dev.sessionkit.event.StoreCall}), for metrics and audit logs. Start at
 * {@link dev.sessionkit.event.SessionListener}, registered with {@code SessionConfig.Builder#listener}.
 */
package dev.sessionkit.event;
