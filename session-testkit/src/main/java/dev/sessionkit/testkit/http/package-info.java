/**
 * The HTTP conformance suites every adapter runs: start at {@link dev.sessionkit.testkit.http.HttpConformanceSuite},
 * whose only abstract method starts a real server that serves {@link dev.sessionkit.testkit.http.ReferenceApp}, the
 * routes described once for all frameworks; an adapter runs {@link dev.sessionkit.testkit.http.ParityConformanceSuite}
 * (h3-session's options and methods, and where SessionKit differs) with the same method.
 */
package dev.sessionkit.testkit.http;
