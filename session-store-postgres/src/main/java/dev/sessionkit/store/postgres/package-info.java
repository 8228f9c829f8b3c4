/**
 * A {@link dev.sessionkit.store.SessionStore} in PostgreSQL, over JDBC, in connect-pg-simple's table
 * ({@code session(sid, sess, expire)}) so that Node services using express-session + connect-pg-simple can share the
 * sessions. Start at
 * {@link dev.sessionkit.store.postgres.PostgresSessionStore#builder(javax.sql.DataSource)}.
 */
package dev.sessionkit.store.postgres;
