package dev.sessionkit.interop;

/** {@link ExpressSessionOnJavaScenarios} with express-session + connect-redis 9 and SessionKit's Redis store on one Redis. */
class ExpressSessionOnJavaTest extends ExpressAndJavaServers implements ExpressSessionOnJavaScenarios {
}
