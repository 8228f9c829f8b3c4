package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method of the package-private core code once and checks its answer. */
class CoreBenchmarksSmokeTest {

    @Test
    void cookie_eachMethodOnce_parsesAndSerialises() {
        CookieBenchmark benchmark = new CookieBenchmark();
        benchmark.setUp();
        assertThat(benchmark.parseCookieHeader()).isEqualTo(benchmark.signedValue());
        assertThat(benchmark.parseHostileHeader()).isEqualTo(benchmark.signedValue());
        assertThat(benchmark.serializeSetCookie())
                .startsWith("connect.sid=s%3A")
                .endsWith("; Max-Age=604800; Path=/; Expires=Wed, 09 Jan 2030 03:04:05 GMT; HttpOnly; Secure; "
                        + "SameSite=Lax");
    }

    @Test
    void recordCodec_eachPayloadOnce_roundTrips() throws RecordReader.UnreadableRecordException {
        for (String payload : new String[] {"small", "4KB"}) {
            RecordCodecBenchmark benchmark = new RecordCodecBenchmark();
            benchmark.payload = payload;
            benchmark.setUp();
            String json = benchmark.encode();
            assertThat(json).isEqualTo(benchmark.json()).startsWith("{\"cookie\":{");
            assertThat(benchmark.decode().data().getLong("views")).hasValue(42);
            if (payload.equals("4KB")) {
                assertThat(json.length()).isBetween(3900, 4300);
            } else {
                assertThat(json.length()).isLessThan(200);
            }
        }
    }

    @Test
    void fastPaths_eachPathOnce_sameAnswers() throws Exception {
        FastPathBenchmark benchmark = new FastPathBenchmark();
        for (String record : new String[] {"express", "signedIn"}) {
            Object data = null;
            for (String path : new String[] {"fast", "library"}) {
                FastPathBenchmark.Records records = new FastPathBenchmark.Records();
                records.path = path;
                records.record = record;
                records.setUp();
                DecodedRecord<SessionData> decoded = benchmark.readRecord(records);
                assertThat(decoded.meta().created()).isEqualTo(FastPathBenchmark.CREATED);
                assertThat(decoded.data().asMap()).isEqualTo(data == null ? decoded.data().asMap() : data);
                data = decoded.data().asMap();
            }
        }
        for (String path : new String[] {"fast", "library"}) {
            FastPathBenchmark.Dates dates = new FastPathBenchmark.Dates();
            dates.path = path;
            assertThat(benchmark.parseDate(dates)).isEqualTo(FastPathBenchmark.CREATED);
            assertThat(benchmark.formatDate(dates)).isEqualTo("2026-11-30T16:35:50.123Z");

            FastPathBenchmark.CookieHeaders cookies = new FastPathBenchmark.CookieHeaders();
            cookies.path = path;
            cookies.setUp();
            assertThat(benchmark.readCookie(cookies)).as(path).isEqualTo(cookies.id);
        }
        FastPathBenchmark.Requests requests = new FastPathBenchmark.Requests();
        requests.setUp();
        assertThat(benchmark.readOnly(requests)).isEqualTo("views 17");
    }
}
