package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The merge rules, key by key: what counts as a change, what wins, and what order the result keeps. */
class DataMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode tree(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static String merge(String base, String mine, String theirs, ConflictPolicy policy) throws Exception {
        return JSON.writeValueAsString(DataMerge.merge(tree(base), tree(mine), tree(theirs), policy));
    }

    private static String merge(String base, String mine, String theirs) throws Exception {
        return merge(base, mine, theirs, ConflictPolicy.LAST_WRITER_WINS);
    }

    @Test
    void keysOnlyOneSideChanged_takeThatSide_addedRemovedAndChanged() throws Exception {
        assertThat(merge("{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":9,\"c\":3,\"d\":4}", "{\"a\":1,\"b\":2,\"c\":7,\"e\":5}"))
                .isEqualTo("{\"a\":9,\"c\":7,\"e\":5,\"d\":4}");
    }

    @Test
    void keyRemovedHereAndUnchangedThere_staysRemoved() throws Exception {
        assertThat(merge("{\"user\":\"v\",\"role\":\"admin\"}", "{\"user\":\"v\"}",
                "{\"user\":\"v\",\"role\":\"admin\",\"cart\":1}")).isEqualTo("{\"user\":\"v\",\"cart\":1}");
    }

    @Test
    void keyRemovedThereAndUnchangedHere_staysRemoved() throws Exception {
        assertThat(merge("{\"user\":\"v\",\"role\":\"admin\"}", "{\"user\":\"v\",\"role\":\"admin\",\"cart\":1}",
                "{\"user\":\"v\"}")).isEqualTo("{\"user\":\"v\",\"cart\":1}");
    }

    @Test
    void bothChangedDifferently_lastWriterWins_orFailNamesTheKeys() throws Exception {
        assertThat(merge("{\"t\":\"a\",\"u\":1}", "{\"t\":\"mine\",\"u\":1}", "{\"t\":\"theirs\",\"u\":2}"))
                .isEqualTo("{\"t\":\"mine\",\"u\":2}");
        assertThatThrownBy(() -> merge("{\"t\":\"a\"}", "{\"t\":\"mine\"}", "{\"t\":\"theirs\"}", ConflictPolicy.FAIL))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("[t]")
                .hasMessageNotContaining("mine").hasMessageNotContaining("theirs");
    }

    @Test
    void removedHereChangedThere_isAConflict() throws Exception {
        assertThat(merge("{\"t\":\"a\"}", "{}", "{\"t\":\"b\"}")).isEqualTo("{}");
        assertThatThrownBy(() -> merge("{\"t\":\"a\"}", "{}", "{\"t\":\"b\"}", ConflictPolicy.FAIL))
                .isInstanceOf(SessionConflictException.class);
    }

    @Test
    void nestedObjects_areOneValue_mergedWhole() throws Exception {
        assertThat(merge("{\"p\":{\"x\":1,\"y\":1}}", "{\"p\":{\"x\":2,\"y\":1}}", "{\"p\":{\"x\":1,\"y\":2}}"))
                .as("both changed p: this request's p whole, not a deep merge").isEqualTo("{\"p\":{\"x\":2,\"y\":1}}");
    }

    @Test
    void change_isJsonEquality_numbersByValue_keyOrderInsideObjectsIgnored() throws Exception {
        assertThat(DataMerge.same(JSON.readTree("1"), JSON.readTree("1.0"))).isTrue();
        assertThat(DataMerge.same(JSON.readTree("{\"a\":1,\"b\":[1,2]}"), JSON.readTree("{\"b\":[1,2.0],\"a\":1}")))
                .isTrue();
        assertThat(DataMerge.same(JSON.readTree("[1,2]"), JSON.readTree("[2,1]"))).isFalse();
        assertThat(DataMerge.same(JSON.readTree("null"), null)).as("null is a value, absence is none").isFalse();
        assertThat(merge("{\"n\":1}", "{\"n\":1.0,\"m\":1}", "{\"n\":2}", ConflictPolicy.FAIL))
                .as("1.0 is no change from 1").isEqualTo("{\"n\":2,\"m\":1}");
    }
}
