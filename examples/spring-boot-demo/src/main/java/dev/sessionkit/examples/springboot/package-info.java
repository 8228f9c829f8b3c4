/**
 * SessionKit's Servlet filter in a Spring Boot application on Tomcat: start at
 * {@link dev.sessionkit.examples.springboot.DemoApp}; the wiring is {@code SessionKitConfiguration}.
 */
package dev.sessionkit.examples.springboot;
