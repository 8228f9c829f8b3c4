package dev.sessionkit.interop;

import java.net.URI;

/**
 * The servers of an express-and-Java scenario, whatever store they share: the scenarios written once (interfaces of
 * default test methods) run on Redis ({@link ExpressAndJavaServers}) and on PostgreSQL
 * ({@link ExpressAndJavaOnPostgres}).
 */
interface BothSides {

    /** The express-session app. */
    URI expressUri();

    /** The adapter's server. */
    URI javaUri(JavaSide side);

    /** What the two sides share. */
    StoreView store();
}
