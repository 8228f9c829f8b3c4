/** The SessionKit Servlet filter on embedded Jetty: start at {@link dev.sessionkit.examples.servlet.DemoApp}. */
package dev.sessionkit.examples.servlet;
