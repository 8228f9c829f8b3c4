/**
 * SessionKit for Javalin 7: express-session compatible sessions in Javalin applications.
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link dev.sessionkit.javalin.SessionPlugin} — register it with
 *       {@code config.registerPlugin(SessionPlugin.create(sessionConfig))}, or wire its before, after and store
 *       failure handlers by hand; its Javadoc gives the rules (when the cookie is written, what an exception or a
 *       store failure does);</li>
 *   <li>{@link dev.sessionkit.javalin.Sessions} — {@code Sessions.of(ctx)} returns the request's session in any
 *       handler.</li>
 * </ul>
 *
 * <p>The options (store, secrets, cookie settings) are core's {@link dev.sessionkit.SessionConfig}; this package
 * only connects Javalin's request and response to it.
 */
package dev.sessionkit.javalin;
