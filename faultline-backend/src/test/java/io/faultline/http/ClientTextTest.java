package io.faultline.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientTextTest {

    @ParameterizedTest
    @CsvSource({"/payments/pay_1, true", "/balance/%C3%A9, true", "/balance/%ud800, false",
        "/balance/%ed%a0%80, false", "/balance/%, false", "/balance/%4, false", "/x%41, true"})
    void aPathMustDecodeToUtf8(String path, boolean valid) {
        assertThat(ClientText.isPercentEncodedUtf8(path)).isEqualTo(valid);
    }

    @Test
    void aLongValueIsQuotedShortWithItsLength() {
        assertThat(ClientText.quote("3.99")).isEqualTo("3.99");
        assertThat(ClientText.quote("9".repeat(500))).isEqualTo("9".repeat(40)
            + "... (500 characters)");
    }

    @Test
    void aParserMessageLosesTheSettingsItNames() {
        assertThat(ClientText.plainParserMessage("Non-standard token 'NaN': enable"
            + " `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"))
            .isEqualTo("Non-standard token 'NaN'");
        assertThat(ClientText.plainParserMessage("Document nesting depth (1001) exceeds the"
            + " maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"))
            .isEqualTo("Document nesting depth (1001) exceeds the maximum allowed (1000)");
    }
}
