package dev.sessionkit;

import dev.sessionkit.benchmarks.Fixtures;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Core's record codec (package-private, hence this package): a save encodes the data and then the record in
 * express-session's JSON shape; a load decodes the record. {@code small} is a user name and a counter; {@code 4KB}
 * adds a shopping cart, for a record of about 4 KB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordCodecBenchmark {

    /** The size of the session data. */
    @Param({"small", "4KB"})
    public String payload;

    private RecordCodec<SessionData> codec;
    private CookieAttributes cookie;
    private SessionData data;
    private String json;

    /** Builds the codec as a {@link SessionManager} does, the data, and its record. */
    @Setup
    public void setUp() {
        // The store is never called: the codec only needs a valid configuration.
        SessionConfig<SessionData> config = SessionConfig.builder()
                .store(CaffeineSessionStore.create())
                .secret(Fixtures.SECRET)
                .build();
        codec = SessionRuntime.of(config).codec();
        cookie = config.cookie().forRequest(false);
        data = new SessionData();
        data.put("user", "alice");
        data.put("views", 42L);
        if (payload.equals("4KB")) {
            data.put("cart", cart());
        }
        json = encode();
    }

    /** 36 cart lines of about 110 bytes each. */
    private static List<Map<String, Object>> cart() {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", "SKU-" + (100000 + i * 7919));
            line.put("name", "Product number " + i + " in the shopping cart");
            line.put("quantity", 1 + i % 3);
            line.put("price", 9.99 + i);
            line.put("gift", i % 5 == 0);
            lines.add(line);
        }
        return lines;
    }

    /**
     * Encodes the data, then the record, as a save does.
     *
     * @return the record's JSON
     */
    @Benchmark
    public String encode() {
        return codec.encodeRecord(cookie, codec.encodeData(data));
    }

    /**
     * Decodes a stored record, as a load does.
     *
     * @return the decoded record
     * @throws RecordReader.UnreadableRecordException never: the record is valid
     */
    @Benchmark
    public DecodedRecord<SessionData> decode() throws RecordReader.UnreadableRecordException {
        return codec.decode(json);
    }

    String json() {
        return json;
    }
}
