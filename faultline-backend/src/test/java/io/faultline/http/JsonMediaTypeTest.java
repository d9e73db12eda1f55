package io.faultline.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMediaTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", " application/json ",
        "application/json; charset=utf-8", "application/json;charset=UTF-8",
        "application/json; charset=\"utf-8\"", "application/json; v=2; charset=Utf-8",
        "application/json;", "application/json; boundary=x"})
    void jsonInAnyCaseWithAnyParametersButACharsetOtherThanUtf8IsJson(String contentType) {
        assertThat(JsonMediaType.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded", "text/json",
        "application/jsonx", "application/json-patch+json", "application/json; charset=latin1",
        "application/json; charset=utf8", "application/json; charset", "application/json;charset=",
        "application/json; charset=\"iso-8859-1\"", "application/json; charset=utf-8; charset=x"})
    void anotherMediaTypeOrCharsetIsNot(String contentType) {
        assertThat(JsonMediaType.isJson(contentType)).isFalse();
    }
}
