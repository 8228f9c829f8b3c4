/**
 * JMH benchmarks of SessionKit's hot path: {@link dev.sessionkit.benchmarks.SignerBenchmark} and
 * {@link dev.sessionkit.benchmarks.RequestBenchmark} here, the cookie and record codec benchmarks in
 * {@code dev.sessionkit} (they reach package-private core code). Run them with {@code java -jar
 * benchmarks/target/benchmarks.jar}; see benchmarks/README.md.
 */
package dev.sessionkit.benchmarks;
