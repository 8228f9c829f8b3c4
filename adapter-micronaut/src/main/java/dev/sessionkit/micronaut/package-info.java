/**
 * SessionKit for Micronaut 4: signed-cookie sessions, compatible with express-session, for applications on
 * Micronaut's HTTP server.
 *
 * <p>Where to start: with this module on the classpath and {@code sessionkit.secret} set, every request passes
 * through the SessionKit server filter and a controller declares a {@link dev.sessionkit.Session} argument.
 * {@link dev.sessionkit.micronaut.Sessions} describes the wiring, the configuration and the threading rule
 * (sessions are used off the event loop), and reaches the session from code that only holds the request.
 */
package dev.sessionkit.micronaut;
