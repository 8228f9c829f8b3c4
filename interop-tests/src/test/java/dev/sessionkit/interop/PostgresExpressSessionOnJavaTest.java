package dev.sessionkit.interop;

/**
 * {@link ExpressSessionOnJavaScenarios} with express-session + connect-pg-simple 10 and SessionKit's PostgreSQL store in one table of
 * a PostgreSQL whose {@code timezone} is not UTC.
 */
class PostgresExpressSessionOnJavaTest extends ExpressAndJavaOnPostgres implements ExpressSessionOnJavaScenarios {
}
