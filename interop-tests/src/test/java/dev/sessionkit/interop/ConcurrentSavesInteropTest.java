package dev.sessionkit.interop;

/** {@link ConcurrentSavesScenarios} with express-session + connect-redis 9 and SessionKit's Redis store on one Redis. */
class ConcurrentSavesInteropTest extends ExpressAndJavaServers implements ConcurrentSavesScenarios {
}
