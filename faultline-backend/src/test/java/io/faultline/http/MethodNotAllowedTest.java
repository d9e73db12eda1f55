package io.faultline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.MethodNotAllowedResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodNotAllowedTest {

    @Test
    void readsTheMethodsUnderEitherOfJavalinsKeys() {
        assertThat(MethodNotAllowed.allowed(new MethodNotAllowedResponse("",
            Map.of("availableMethods", "GET, POST")))).isEqualTo("GET, POST");
        assertThat(MethodNotAllowed.allowed(new MethodNotAllowedResponse("",
            Map.of("Available methods", "GET")))).isEqualTo("GET");
    }

    @Test
    void failsLoudlyWhenJavalinListsNoMethods() {
        assertThatThrownBy(() -> MethodNotAllowed.allowed(new MethodNotAllowedResponse("",
            Map.of("methods", "GET"))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("availableMethods").hasMessageContaining("{methods=GET}");
    }
}
