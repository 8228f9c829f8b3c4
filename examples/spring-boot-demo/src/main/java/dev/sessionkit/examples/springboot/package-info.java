/**
 * SessionKit in a Spring Boot 4 application with Spring Security 7, through {@code sessionkit-spring-boot-starter}
 * alone: start at {@link dev.sessionkit.examples.springboot.DemoApp}. The application's own code is its security
 * configuration ({@code SecurityConfig}) and its pages ({@code DemoController}); the starter brings the filter, the
 * store and the {@code Session} parameters.
 */
package dev.sessionkit.examples.springboot;
