/** Profiles of the load harness's servers, accounted per request: {@code benchmarks/load/profile.sh}. */
package dev.sessionkit.benchmarks.profile;
