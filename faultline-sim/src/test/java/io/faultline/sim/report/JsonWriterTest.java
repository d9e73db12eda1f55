package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedObjectsAndArraysWithCommas() {
        String json = new JsonWriter().beginObject()
            .key("a").value(1)
            .key("b").beginArray().value("x").value(true).nullValue().beginObject().endObject()
            .endArray()
            .key("c").value(new BigDecimal("1E+3"))
            .key("d").value(Double.NaN)
            .endObject().toString();
        assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",true,null,{}],\"c\":1000,\"d\":null}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = new JsonWriter().value("a\"b\\c\nd\u0001").toString();
        assertThat(json).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
