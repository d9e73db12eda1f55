package io.faultline.payments.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys keys = ApiKeys.of(Map.of("sk_test_one", "shop-1", "sk_test_two",
        "shop-2"));

    @Test
    void namesTheClientOfEachKnownKeyOnly() {
        assertThat(keys.clientFor("sk_test_one")).hasValue("shop-1");
        assertThat(keys.clientFor("sk_test_two")).hasValue("shop-2");
        assertThat(keys.clientFor("sk_test_three")).isEmpty();
        assertThat(keys.clientFor("")).isEmpty();
        assertThat(keys.clientFor(null)).isEmpty();
    }

    @Test
    void readsBearerAuthorizationHeadersOnly() {
        assertThat(keys.clientForAuthorization("Bearer sk_test_one")).hasValue("shop-1");
        assertThat(keys.clientForAuthorization("bearer sk_test_one ")).hasValue("shop-1");
        assertThat(keys.clientForAuthorization("Basic sk_test_one")).isEmpty();
        assertThat(keys.clientForAuthorization("sk_test_one")).isEmpty();
        assertThat(keys.clientForAuthorization(null)).isEmpty();
    }

    @Test
    void generatesDistinctPrefixedKeys() {
        SecureRandom random = new SecureRandom();
        String a = ApiKeys.generate(random);
        assertThat(a).matches("sk_test_[0-9a-f]{32}").isNotEqualTo(ApiKeys.generate(random));
    }
}
