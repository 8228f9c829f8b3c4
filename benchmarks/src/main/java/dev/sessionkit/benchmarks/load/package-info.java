/**
 * The servers of the load harness ({@code benchmarks/load/run.sh}): start at
 * {@link dev.sessionkit.benchmarks.load.LoadServer}.
 */
package dev.sessionkit.benchmarks.load;
