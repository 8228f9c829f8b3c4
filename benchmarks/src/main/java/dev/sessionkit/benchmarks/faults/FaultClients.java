package dev.sessionkit.benchmarks.faults;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The clients of a fault run: each on its own thread with its own session, sending {@code GET /increment} one
 * request after another and remembering, per session id, the highest count answered with 200: the increments
 * acknowledged. Every answer is counted by status; a request without an answer within the client timeout counts as
 * hung. Thread names start with {@value #THREAD_PREFIX}, so that the server's threads can be told from them.
 *
 * <p>With a logout share above 0, after an acknowledged increment a client logs out ({@code GET /logout}) with that
 * probability and starts a new session: an id whose logout was answered with 200 is an acknowledged logout, to be
 * checked absent after the run; an id whose logout was tried at all is left out of the increments check (a logout
 * answered 503 may still have ended it).
 */
final class FaultClients {

    static final String THREAD_PREFIX = "fault-client-";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String COOKIE = "connect.sid";

    private final URI increment;
    private final URI logout;
    private final double logoutShare;
    private final int clients;
    private final HttpClient http;
    private final ExecutorService threads;
    private final ExecutorService httpThreads;
    private volatile boolean running;

    final AtomicLong requests = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong otherServerErrors = new AtomicLong();
    final AtomicLong otherStatuses = new AtomicLong();
    final AtomicLong hung = new AtomicLong();
    final AtomicLong connectionErrors = new AtomicLong();
    /** Per session id, the highest count answered with 200. */
    final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    /** The session ids whose logout was answered with 200: each must be gone after the run. */
    final Set<String> loggedOut = ConcurrentHashMap.newKeySet();
    /** The session ids whose logout was tried, whatever the answer: left out of the increments check. */
    final Set<String> logoutTried = ConcurrentHashMap.newKeySet();
    /** Logouts sent and answered 503, from the start (warm-up included, as {@link #loggedOut}). */
    final AtomicLong logouts = new AtomicLong();
    final AtomicLong logouts503 = new AtomicLong();
    /** For each fault, when Redis answered again (ms since the epoch), and the first 200 received after that. */
    final AtomicLongArray returned;
    final AtomicLongArray firstOkAfter;

    FaultClients(URI base, int clients, int faults) {
        this(base, clients, faults, 0);
    }

    FaultClients(URI base, int clients, int faults, double logoutShare) {
        this.increment = base.resolve("/increment");
        this.logout = base.resolve("/logout");
        this.logoutShare = logoutShare;
        this.clients = clients;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(clients, r -> {
            Thread thread = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.httpThreads = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, THREAD_PREFIX + "http-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(httpThreads).build();
        this.returned = new AtomicLongArray(faults);
        this.firstOkAfter = new AtomicLongArray(faults);
        for (int i = 0; i < faults; i++) {
            firstOkAfter.set(i, Long.MAX_VALUE);
        }
    }

    void start() {
        running = true;
        for (int i = 0; i < clients; i++) {
            threads.submit(this::client);
        }
    }

    /** Stops sending, and waits for the requests in flight (each bounded by the client timeout). */
    void stop() throws InterruptedException {
        running = false;
        threads.shutdown();
        if (!threads.awaitTermination(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not stop within the client timeout");
        }
        httpThreads.shutdownNow();
    }

    /** Resets the counters after a warm-up; the sessions and what they acknowledged stay. */
    void resetCounters() {
        for (AtomicLong counter : List.of(requests, ok, unavailable, otherServerErrors, otherStatuses, hung,
                connectionErrors)) {
            counter.set(0);
        }
    }

    private void client() {
        String cookie = null;
        while (running) {
            HttpRequest.Builder request = HttpRequest.newBuilder(increment).timeout(TIMEOUT);
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            requests.incrementAndGet();
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                hung.incrementAndGet();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                connectionErrors.incrementAndGet();
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                cookie = response.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';')))
                        .orElse(cookie);
                acknowledge(idOf(cookie), Long.parseLong(response.body().substring("views ".length()).trim()));
                if (logoutShare > 0 && ThreadLocalRandom.current().nextDouble() < logoutShare) {
                    logOut(cookie);
                    cookie = null; // a new session next
                }
            } else if (status == 503) {
                unavailable.incrementAndGet();
            } else if (status >= 500) {
                otherServerErrors.incrementAndGet();
            } else {
                otherStatuses.incrementAndGet();
            }
        }
    }

    /** Logs a session out; counts the answer as any other request's, and notes an acknowledged logout. */
    private void logOut(String cookie) {
        String id = idOf(cookie);
        logoutTried.add(id);
        requests.incrementAndGet();
        logouts.incrementAndGet();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(logout).timeout(TIMEOUT).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            hung.incrementAndGet();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            connectionErrors.incrementAndGet();
            return;
        }
        int status = response.statusCode();
        if (status == 200) {
            ok.incrementAndGet();
            loggedOut.add(id);
        } else if (status == 503) {
            unavailable.incrementAndGet();
            logouts503.incrementAndGet();
        } else if (status >= 500) {
            otherServerErrors.incrementAndGet();
        } else {
            otherStatuses.incrementAndGet();
        }
    }

    private void acknowledge(String id, long count) {
        ok.incrementAndGet();
        acknowledged.merge(id, count, Math::max);
        long now = System.currentTimeMillis();
        for (int i = 0; i < returned.length(); i++) {
            long back = returned.get(i);
            if (back != 0 && now >= back) {
                firstOkAfter.accumulateAndGet(i, now, Math::min);
            }
        }
    }

    /** The session id in a {@code connect.sid=s%3A<id>.<signature>} pair. */
    static String idOf(String cookie) {
        String value = URLDecoder.decode(cookie.substring(COOKIE.length() + 1), StandardCharsets.UTF_8);
        return value.substring(2, value.lastIndexOf('.'));
    }

    /** The recovery times, in ms: from Redis answering again to the first 200 after it; -1 when none came. */
    List<Long> recoveries() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < returned.length(); i++) {
            long first = firstOkAfter.get(i);
            out.add(returned.get(i) == 0 || first == Long.MAX_VALUE ? -1 : first - returned.get(i));
        }
        return out;
    }
}
