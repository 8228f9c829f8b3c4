package dev.sessionkit.benchmarks;

import dev.sessionkit.CookieSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CookieSigner}: signing a session id, and verifying a valid and a forged signature, with one secret and
 * during a rotation (two secrets: verification tries both, whichever matches, so it costs two HMACs). A signer
 * remembers the values it verified lately: {@code verifyValid} is a browser's cookie on its second and later
 * requests, {@code verifyUnremembered} a valid cookie the signer does not remember (a first request, or one of more
 * sessions than it remembers), which costs the HMACs. The goal is verify ≤ 1 µs/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignerBenchmark {

    /** How many secrets the signer holds; the last one signs. */
    @Param({"1", "2"})
    public int secrets;

    private CookieSigner signer;
    private String id;
    private String signed;
    private String forged;
    /** Valid values, far more than a signer remembers, made by another signer with the same secrets. */
    private String[] unremembered;
    private int next;

    /** Builds the signer and the cookie values. */
    @Setup
    public void setUp() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < secrets; i++) {
            keys.add(Fixtures.SECRET + "-" + i);
        }
        signer = CookieSigner.of(keys);
        id = UUID.randomUUID().toString();
        signed = signer.sign(id);
        // Same length and alphabet as the real signature, one character changed: the whole MAC is computed.
        char last = signed.charAt(signed.length() - 1);
        forged = signed.substring(0, signed.length() - 1) + (last == 'A' ? 'B' : 'A');
        CookieSigner elsewhere = CookieSigner.of(keys);
        unremembered = new String[1 << 16];
        for (int i = 0; i < unremembered.length; i++) {
            unremembered[i] = elsewhere.sign(UUID.randomUUID().toString());
        }
    }

    /**
     * Signs a session id.
     *
     * @return {@code id.signature}
     */
    @Benchmark
    public String sign() {
        return signer.sign(id);
    }

    /**
     * Verifies a valid signed id.
     *
     * @return the id
     */
    @Benchmark
    public Optional<String> verifyValid() {
        return signer.unsign(signed);
    }

    /**
     * Verifies a valid signed id that the signer does not remember: 65,536 of them in turn, sixteen times as many as
     * it remembers, so nearly every one is signed again.
     *
     * @return the id
     */
    @Benchmark
    public Optional<String> verifyUnremembered() {
        next = (next + 1) & (unremembered.length - 1);
        return signer.unsign(unremembered[next]);
    }

    /**
     * Verifies a forged signature.
     *
     * @return empty
     */
    @Benchmark
    public Optional<String> verifyForged() {
        return signer.unsign(forged);
    }
}
