package dev.sessionkit.interop;

/**
 * {@link ConcurrentSavesScenarios} with express-session + connect-pg-simple 10 and SessionKit's PostgreSQL store in one table of
 * a PostgreSQL whose {@code timezone} is not UTC.
 */
class PostgresConcurrentSavesInteropTest extends ExpressAndJavaOnPostgres implements ConcurrentSavesScenarios {
}
