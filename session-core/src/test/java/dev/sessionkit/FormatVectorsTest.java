package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.RecordReader.UnreadableRecordException;
import dev.sessionkit.store.SessionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector of docs/FORMAT.md, checked against the code that signs, encodes, reads and writes: the document is
 * the specification other languages implement, so a vector that stops matching the code fails the build. Each vector
 * follows a {@code <!-- vectors: name -->} marker in the document, as a table or a fenced block; values are the code
 * spans of the cells.
 */
class FormatVectorsTest {

    private static final Path FORMAT = Path.of("..", "docs", "FORMAT.md");
    private static final Pattern MARKER = Pattern.compile("^<!-- vectors: ([\\w-]+(?: [\\w-]+)?) -->$");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Duration DEFAULT_TTL = Duration.ofDays(1);
    private static final String NAME = "connect.sid";
    private static final String ID_HEADER = "X-Session-Id";
    private static final List<String> RECORDS = List.of("sessionkit", "express-session", "h3-session");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The reader an application with the default mapper and {@link SessionData} gets, and the Jackson one. */
    private static final RecordCodec<SessionData> FAST =
            new RecordCodec<>(MAPPER, MAPPER.constructType(SessionData.class), true);
    private static final RecordCodec<SessionData> JACKSON =
            new RecordCodec<>(MAPPER, MAPPER.constructType(SessionData.class), false);

    // ---- reading the document --------------------------------------------------------------------------------------

    /** The block after each marker: a table's lines, or a fenced block's content. */
    private static Map<String, List<String>> blocks() {
        List<String> lines;
        try {
            lines = Files.readAllLines(FORMAT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i));
            if (!marker.matches()) {
                continue;
            }
            int at = i + 1;
            while (at < lines.size() && lines.get(at).isBlank()) {
                at++;
            }
            List<String> block = new ArrayList<>();
            if (lines.get(at).startsWith("```")) {
                for (at++; !lines.get(at).startsWith("```"); at++) {
                    block.add(lines.get(at));
                }
            } else {
                for (; at < lines.size() && lines.get(at).startsWith("|"); at++) {
                    block.add(lines.get(at));
                }
            }
            assertThat(blocks.put(marker.group(1), block)).as("vectors '" + marker.group(1) + "' twice").isNull();
        }
        return blocks;
    }

    private static List<String> block(String name) {
        List<String> block = blocks().get(name);
        assertThat(block).as("the vectors '" + name + "' in " + FORMAT).isNotNull().isNotEmpty();
        return block;
    }

    /** A table's rows below its header, each a list of cells. */
    private static List<List<String>> rows(String name) {
        List<String> table = block(name);
        assertThat(table.get(1)).as("the header separator of '" + name + "'").startsWith("|---");
        return table.stream().skip(2).map(line -> Stream.of(line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
                .map(String::trim).toList()).toList();
    }

    /** The code spans of a cell: its values. */
    private static List<String> code(String cell) {
        List<String> values = new ArrayList<>();
        Matcher span = CODE.matcher(cell);
        while (span.find()) {
            values.add(span.group(1));
        }
        return values;
    }

    /** The one value of a cell, or {@code null} when it has none ("none", "absent"). */
    private static String value(String cell) {
        List<String> values = code(cell);
        assertThat(values.size()).as("values in '" + cell + "'").isLessThanOrEqualTo(1);
        return values.isEmpty() ? null : values.get(0);
    }

    private static Stream<List<String>> signing() {
        return rows("signing").stream();
    }

    private static Stream<List<String>> reading() {
        return rows("reading").stream();
    }

    private static Stream<List<String>> setCookie() {
        return rows("set-cookie").stream();
    }

    private static Stream<List<String>> ttl() {
        return rows("ttl").stream();
    }

    private static Stream<String> records() {
        return RECORDS.stream();
    }

    // ---- the cookie ------------------------------------------------------------------------------------------------

    @Test
    void signingVectors_coverNonAsciiAndRotation() {
        List<List<String>> rows = rows("signing");

        assertThat(rows).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rows).anyMatch(row -> code(row.get(0)).stream().anyMatch(s -> s.chars().anyMatch(c -> c > 127)));
        assertThat(rows).anyMatch(row -> code(row.get(0)).size() > 1);
        assertThat(rows("reading")).anyMatch(row -> value(row.get(2)) == null)
                .anyMatch(row -> value(row.get(2)) != null);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("signing")
    void signingVector_signEncodeAndRead_asTheDocumentSays(List<String> row) {
        List<String> secrets = code(row.get(0));
        String id = value(row.get(1));
        String signed = value(row.get(2));
        String wire = value(row.get(3));
        CookieSigner signer = CookieSigner.of(secrets);

        assertThat(signed).startsWith("s:");
        assertThat("s:" + signer.sign(id)).isEqualTo(signed);
        assertThat("s:" + CookieSigner.sign(id, secrets.get(secrets.size() - 1))).as("the last secret signs")
                .isEqualTo(signed);
        assertThat(signed.substring(signed.lastIndexOf('.') + 1)).matches("[A-Za-z0-9+/]{43}");
        assertThat(signer.unsign(signed.substring(2))).contains(id);
        assertThat(Cookies.encodeUriComponent(signed)).isEqualTo(wire);
        assertThat(Cookies.decodeUriComponent(wire)).isEqualTo(signed);

        SignedCookie cookie = new SignedCookie(NAME, signer, true, ID_HEADER);
        SignedCookie.Reply reply = cookie.send(id, CookieAttributes.DEFAULTS, true);
        assertThat(reply.setCookie()).startsWith(NAME + "=" + wire + ";");
        assertThat(reply.header()).isEqualTo(signed);
        assertThat(cookie.read(new FakeExchange().cookie(NAME + "=" + wire))).isEqualTo(id);
        assertThat(cookie.read(new FakeExchange().header(ID_HEADER, signed))).isEqualTo(id);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("reading")
    void readingVector_cookieHeader_givesTheDocumentsId(List<String> row) {
        SignedCookie cookie = new SignedCookie(NAME, CookieSigner.of(code(row.get(0))));

        assertThat(cookie.read(List.of(NAME + "=" + value(row.get(1))))).as(row.get(3)).isEqualTo(value(row.get(2)));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("setCookie")
    void setCookieVector_serialised_asTheDocumentSays(List<String> row) throws Exception {
        CookieAttributes attributes = row.get(0).contains("default") ? CookieAttributes.DEFAULTS
                : attributes(fields("sessionkit"));
        SignedCookie cookie = new SignedCookie(NAME, CookieSigner.of(value(row.get(1))));
        String id = value(row.get(2));

        SignedCookie.Reply reply = id == null ? cookie.drop(attributes, true) : cookie.send(id, attributes, true);

        assertThat(reply.setCookie()).isEqualTo(value(row.get(3)));
    }

    // ---- the record ------------------------------------------------------------------------------------------------

    /** A record vector's members as the document lists them: the member's path, its JSON value or {@code null}. */
    private static Map<String, String> fields(String record) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (List<String> row : rows("record-fields " + record)) {
            fields.put(value(row.get(0)), value(row.get(1)));
        }
        return fields;
    }

    private static String json(String record) {
        List<String> block = block("record-json " + record);
        assertThat(block).as("record '" + record + "' on one line").hasSize(1);
        return block.get(0);
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Where a member lives: {@code cookie.x} and {@code __sessionkit.x} inside those objects, others at the top. */
    private static String pointer(String member) {
        int dot = member.indexOf('.');
        boolean nested = dot > 0 && isReserved(member.substring(0, dot));
        return nested ? "/" + member.substring(0, dot) + "/" + member.substring(dot + 1) : "/" + member;
    }

    /** Whether a top-level key is not data: express-session's cookie or SessionKit's metadata. */
    private static boolean isReserved(String key) {
        return key.equals("cookie") || key.equals(RecordMeta.KEY);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("records")
    void recordVector_table_listsEveryMemberOfTheJson(String record) {
        JsonNode json = tree(json(record));
        Map<String, String> fields = fields(record);
        List<String> members = new ArrayList<>();
        for (Map.Entry<String, JsonNode> top : json.properties()) {
            if (top.getValue().isObject() && isReserved(top.getKey())) {
                top.getValue().properties().forEach(inner -> members.add(top.getKey() + "." + inner.getKey()));
            } else {
                members.add(top.getKey());
            }
        }

        assertThat(fields.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey))
                .containsExactlyElementsOf(members);
        fields.forEach((member, value) -> {
            JsonNode found = json.at(pointer(member));
            if (value == null) {
                assertThat(found.isMissingNode()).as(member + " absent").isTrue();
            } else {
                assertThat(found).as(member).isEqualTo(tree(value));
            }
        });
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("records")
    void recordVector_read_givesTheDocumentsLifetimeMetadataAndData(String record) throws Exception {
        Map<String, String> fields = fields(record);

        for (RecordCodec<SessionData> codec : List.of(FAST, JACKSON)) {
            DecodedRecord<SessionData> decoded = codec.decode(json(record));

            if (fields.containsKey("cookie") && fields.get("cookie") == null) {
                assertThat(decoded.lifetime()).isNull();
            } else {
                assertThat(decoded.lifetime().maxAge()).isEqualTo(maxAge(fields));
                assertThat(decoded.lifetime().expires()).isEqualTo(instant(fields.get("cookie.expires")));
            }
            if (fields.containsKey(RecordMeta.KEY) && fields.get(RecordMeta.KEY) == null) {
                assertThat(decoded.meta()).isNull();
            } else {
                assertThat(decoded.meta()).isEqualTo(meta(fields));
            }
            assertThat(tree(codec.encodeData(decoded.data()))).isEqualTo(data(fields));
            assertThat(decoded.json()).isEqualTo(json(record));
        }
    }

    @Test
    void recordVector_writtenBySessionKit_isTheDocumentsJsonByteForByte() {
        Map<String, String> fields = fields("sessionkit");
        String data = FAST.encodeData(FAST.data(data(fields)));

        String written = FAST.encodeRecord(attributes(fields), meta(fields), data);

        assertThat(written).isEqualTo(json("sessionkit"));
        assertThat(written).contains("Zo\u00eb"); // non-ASCII as itself, not escaped
    }

    @Test
    void indexTagVectors_asTheDocumentSays() {
        List<List<String>> rows = rows("index-tag");

        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        for (List<String> row : rows) {
            assertThat(PrincipalSessions.tag(value(row.get(0)))).as(row.get(0)).isEqualTo(value(row.get(1)));
        }
    }

    @Test
    void sha1Vectors_ofEachRecord_asTheDocumentSays() throws NoSuchAlgorithmException {
        List<List<String>> rows = rows("sha1");

        assertThat(rows).extracting(row -> value(row.get(0))).containsExactlyElementsOf(RECORDS);
        for (List<String> row : rows) {
            byte[] bytes = json(value(row.get(0))).getBytes(StandardCharsets.UTF_8);
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
            assertThat(sha1).as(row.get(0)).isEqualTo(value(row.get(1)));
        }
    }

    private static Duration maxAge(Map<String, String> fields) {
        String millis = fields.get("cookie.originalMaxAge");
        return millis == null || millis.equals("null") ? null : Duration.ofMillis(Long.parseLong(millis));
    }

    /** A JSON date string, or {@code null} for JSON null or an absent member. */
    private static Instant instant(String json) {
        return json == null || json.equals("null") ? null : Instant.parse(tree(json).asText());
    }

    private static String text(String json) {
        return json == null ? null : tree(json).asText();
    }

    private static RecordMeta meta(Map<String, String> fields) {
        return new RecordMeta(instant(fields.get("__sessionkit.created")),
                instant(fields.get("__sessionkit.authenticated")), text(fields.get("__sessionkit.principal")),
                text(fields.get("__sessionkit.label")), text(fields.get("__sessionkit.indexed")));
    }

    private static ObjectNode data(Map<String, String> fields) {
        ObjectNode data = MAPPER.createObjectNode();
        fields.forEach((member, value) -> {
            if (value != null && !pointer(member).substring(1).contains("/") && !isReserved(member)) {
                data.set(member, tree(value));
            }
        });
        return data;
    }

    /** The cookie a record's {@code cookie} members describe. */
    private static CookieAttributes attributes(Map<String, String> fields) {
        String sameSite = text(fields.get("cookie.sameSite"));
        String priority = text(fields.get("cookie.priority"));
        return new CookieAttributes(text(fields.get("cookie.path")), text(fields.get("cookie.domain")),
                Boolean.parseBoolean(fields.get("cookie.httpOnly")), Boolean.parseBoolean(fields.get("cookie.secure")),
                maxAge(fields), instant(fields.get("cookie.expires")),
                sameSite == null ? SameSite.OFF : SameSite.valueOf(sameSite.toUpperCase(Locale.ROOT)),
                Boolean.parseBoolean(fields.get("cookie.partitioned")),
                priority == null ? null : CookiePriority.valueOf(priority.toUpperCase(Locale.ROOT)));
    }

    // ---- Redis -----------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("ttl")
    void ttlVector_secondsSent_asTheDocumentSays(List<String> row) {
        Instant now = Instant.parse(value(row.get(0)));
        String expires = value(row.get(1));

        long seconds = SessionRecord.ttlSeconds(expires == null ? null : Instant.parse(expires), now, DEFAULT_TTL);

        assertThat(seconds).as(row.get(3)).isEqualTo(Long.parseLong(value(row.get(2))));
    }

    @Test
    void document_hasEveryKindOfVector() {
        assertThat(blocks().keySet()).contains("signing", "reading", "set-cookie", "ttl", "sha1");
        assertThat(records()).allSatisfy(record -> assertThat(blocks()).containsKeys("record-json " + record,
                "record-fields " + record));
        assertThat(rows("ttl")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rows("set-cookie")).hasSizeGreaterThanOrEqualTo(2);
    }

    /** An unreadable record is refused by both readers, so the document's list of such records is not a wish. */
    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("unreadable")
    void unreadableRecord_refusedByBothReaders(String json) {
        for (RecordCodec<SessionData> codec : List.of(FAST, JACKSON)) {
            assertThat(readable(codec, json)).as(json).isFalse();
        }
    }

    private static Stream<String> unreadable() {
        return Stream.of("[]", "{\"cookie\":1}", "{\"cookie\":{\"originalMaxAge\":999}}",
                "{\"cookie\":{\"expires\":\"1969-12-31T23:59:59.999Z\"}}", "{\"__sessionkit\":{}}",
                "{\"__sessionkit\":{\"created\":\"2030-01-02T03:04:05.123Z\",\"principal\":null}}",
                "{\"n\":1e400}");
    }

    private static boolean readable(RecordCodec<SessionData> codec, String json) {
        try {
            codec.decode(json);
            return true;
        } catch (UnreadableRecordException e) {
            return false;
        }
    }
}
