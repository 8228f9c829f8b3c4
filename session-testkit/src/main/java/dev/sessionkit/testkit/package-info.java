/**
 * Test support for SessionKit and its users: {@link dev.sessionkit.testkit.SessionStoreContract}, the JUnit 5
 * contract every {@link dev.sessionkit.store.SessionStore} passes; {@link dev.sessionkit.testkit.InMemoryExchange}, an
 * {@link dev.sessionkit.HttpExchange} for tests without a server; {@link dev.sessionkit.testkit.MutableClock} to move
 * time instead of sleeping; {@link dev.sessionkit.testkit.InMemorySessionStore} and
 * {@link dev.sessionkit.testkit.RecordingSessionStore} to count and fail store calls. The HTTP conformance suite every
 * adapter runs is in {@code dev.sessionkit.testkit.http}.
 */
package dev.sessionkit.testkit;
