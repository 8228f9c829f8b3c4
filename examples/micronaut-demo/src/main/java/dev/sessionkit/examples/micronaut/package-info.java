/** The SessionKit Micronaut adapter on the Netty server: start at {@link dev.sessionkit.examples.micronaut.DemoApp}. */
package dev.sessionkit.examples.micronaut;
