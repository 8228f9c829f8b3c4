package dev.sessionkit.interop;

/** {@link LogoutAcrossScenarios} with express-session + connect-redis 9 and SessionKit's Redis store on one Redis. */
class LogoutAcrossTest extends ExpressAndJavaServers implements LogoutAcrossScenarios {
}
