/**
 * The HTTP conformance suite every adapter runs: start at {@link dev.sessionkit.testkit.http.HttpConformanceSuite},
 * whose only abstract method starts a real server that serves {@link dev.sessionkit.testkit.http.ReferenceApp}, the
 * routes described once for all frameworks.
 */
package dev.sessionkit.testkit.http;
