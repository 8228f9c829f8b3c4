package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredBytesTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void validUtf8_acceptsWhatJavaEncodes_refusesMalformedForms() {
        assertThat(StoredBytes.validUtf8("{\"user\":\"Zoë 日本語 😀\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(StoredBytes.validUtf8(bytes())).isTrue();

        assertThat(StoredBytes.validUtf8(bytes(0xFF))).as("never a UTF-8 byte").isFalse();
        assertThat(StoredBytes.validUtf8(bytes(0x80))).as("a stray continuation").isFalse();
        assertThat(StoredBytes.validUtf8(bytes(0xC0, 0x80))).as("an overlong NUL").isFalse();
        assertThat(StoredBytes.validUtf8(bytes(0xE0, 0x80, 0x80))).as("an overlong three-byte form").isFalse();
        assertThat(StoredBytes.validUtf8(bytes(0xED, 0xA0, 0x80))).as("a surrogate").isFalse();
        assertThat(StoredBytes.validUtf8(bytes(0xF4, 0x90, 0x80, 0x80))).as("past U+10FFFF").isFalse();
        assertThat(StoredBytes.validUtf8(bytes(0xE6, 0x97))).as("truncated").isFalse();
    }

    @Test
    void sha1_ofAMalformedRecordRead_isTheStoredBytes_elseTheTextsUtf8() {
        StoredBytes stored = new StoredBytes();
        byte[] malformed = bytes('{', '"', 'a', '"', ':', '"', 0xFF, '"', '}');

        String text = stored.text("sess:x", malformed);

        assertThat(stored.sha1("sess:x", text)).isEqualTo(StoredBytes.sha1Hex(malformed));
        assertThat(stored.sha1("sess:y", text)).as("another key")
                .isEqualTo(StoredBytes.sha1Hex(text.getBytes(StandardCharsets.UTF_8)));
        stored.text("sess:x", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(stored.sha1("sess:x", text)).as("forgotten once the key holds UTF-8 again")
                .isEqualTo(StoredBytes.sha1Hex(text.getBytes(StandardCharsets.UTF_8)));
    }
}
