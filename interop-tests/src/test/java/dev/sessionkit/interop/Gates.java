package dev.sessionkit.interop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Named gates, to play a race step by step on the Java side as {@code express-app.mjs} does on the Node side: a gated
 * route arrives at its gate after loading the session and waits until the test releases it. Waits are bounded.
 */
final class Gates {

    private static final long WAIT_SECONDS = 20;
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private record Gate(CountDownLatch arrived, CountDownLatch released) {
    }

    private Gates() {
    }

    private static Gate gate(String name) {
        return GATES.computeIfAbsent(name, key -> new Gate(new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Arrives at the gate and waits for its release. */
    static void pass(String name) {
        Gate gate = gate(name);
        gate.arrived().countDown();
        await(gate.released(), "the release of gate " + name);
    }

    /** Waits until a request arrived at the gate. */
    static void awaitArrival(String name) {
        await(gate(name).arrived(), "a request at gate " + name);
    }

    static void release(String name) {
        gate(name).released().countDown();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }
}
