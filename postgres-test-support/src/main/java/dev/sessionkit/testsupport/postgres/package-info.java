/**
 * Finds or starts a real PostgreSQL for SessionKit's tests: {@code PG_URL}, or a private cluster made with Debian's
 * {@code initdb} and {@code pg_ctl} on a free loopback port. Unpublished; test scope only.
 */
package dev.sessionkit.testsupport.postgres;
