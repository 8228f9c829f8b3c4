/**
 * SessionKit for Jakarta Servlet 6.0: a filter that gives each request an express-session compatible
 * {@link dev.sessionkit.Session}.
 *
 * <p>Start with {@link dev.sessionkit.servlet.SessionFilter}: register {@code new SessionFilter(config)} in code, or
 * declare it in {@code web.xml} with init-params; read the session in a servlet with
 * {@link dev.sessionkit.servlet.Sessions#of(jakarta.servlet.http.HttpServletRequest)}.
 */
package dev.sessionkit.servlet;
