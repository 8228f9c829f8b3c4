/** The SessionKit demo on Javalin: start at {@link dev.sessionkit.examples.javalin.DemoApp}. */
package dev.sessionkit.examples.javalin;
