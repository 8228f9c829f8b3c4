package dev.sessionkit.interop;

/** {@link JavaSessionOnExpressScenarios} with express-session + connect-redis 9 and SessionKit's Redis store on one Redis. */
class JavaSessionOnExpressTest extends ExpressAndJavaServers implements JavaSessionOnExpressScenarios {
}
