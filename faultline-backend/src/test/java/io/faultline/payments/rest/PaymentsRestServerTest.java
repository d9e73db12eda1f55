package io.faultline.payments.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.payments.WorldGateway;
import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.issuer.TestCards;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentsRestServerTest {

    static final String KEY_A = "sk_test_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String KEY_B = "sk_test_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).build();
    private WorldGateway gateway;
    private PaymentsRestServer server;

    @BeforeEach
    void start() {
        gateway = new WorldGateway();
        server = new PaymentsRestServer(gateway,
            ApiKeys.of(Map.of(KEY_A, "shop-a", KEY_B, "shop-b"))).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
        gateway.close();
    }

    static String body(String amount, String currency, String number) {
        return "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"card\": "
            + "{\"card_number\": \"" + number + "\", \"expiry_month\": 12, \"expiry_year\": 2030, "
            + "\"cvc\": \"123\"}}";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> post(String path, String apiKey, String idemKey, String body)
        throws Exception {
        return http.send(postRequest(path, apiKey, idemKey, body),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest postRequest(String path, String apiKey, String idemKey, String body) {
        return postRequest(path, apiKey, idemKey, body, "application/json");
    }

    /** A POST with {@code body} sent as {@code contentType}, or without one if it is null. */
    private HttpRequest postRequest(String path, String apiKey, String idemKey, String body,
                                    String contentType) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (idemKey != null) {
            b.header("Idempotency-Key", idemKey);
        }
        return b.build();
    }

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder b = request(path).GET();
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
            v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String param)
        throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = json(r);
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("type").asText()).isNotBlank();
        assertThat(e.get("message").asText()).isNotBlank();
        if (param == null) {
            assertThat(e.get("param").isNull()).isTrue();
        } else {
            assertThat(e.get("param").asText()).isEqualTo(param);
        }
    }

    @Test
    void createsAPaymentFromTheCoursesJson() throws Exception {
        HttpResponse<String> r = post("/payments", KEY_A, "order-1",
            body("3.99", "GBP", "4242 4242 4242 4242"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode p = json(r);
        assertThat(p.get("id").asText()).startsWith("pay_");
        assertThat(p.get("status").asText()).isEqualTo("succeeded");
        assertThat(p.get("amount").decimalValue()).isEqualByComparingTo("3.99");
        assertThat(p.get("amount_minor").asLong()).isEqualTo(399);
        assertThat(p.get("currency").asText()).isEqualTo("GBP");
        assertThat(p.get("card").get("last4").asText()).isEqualTo("4242");
        assertThat(r.body()).doesNotContain("4242 4242 4242 4242").doesNotContain("cvc");
        assertThat(r.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0.29, GBP, 29", "1.1, USD, 110", "19.99, EUR, 1999", "1e2, GBP, 10000",
        "399, JPY, 399", "3.990, GBP, 399", "1.234, KWD, 1234"})
    void readsAmountsExactlyInMajorUnits(String amount, String currency, long minor)
        throws Exception {
        HttpResponse<String> r = post("/payments", KEY_A, "k-" + amount + currency,
            body(amount, currency, TestCards.SUCCEEDS));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("amount_minor").asLong()).isEqualTo(minor);
    }

    @ParameterizedTest
    @CsvSource({"3.999, GBP", "5.5, JPY", "0.001, USD", "1.2345, KWD"})
    void rejectsMoreDecimalsThanTheCurrencyHas(String amount, String currency) throws Exception {
        assertError(post("/payments", KEY_A, "k", body(amount, currency, TestCards.SUCCEEDS)),
            400, "invalid_amount", "amount");
        assertThat(gateway.submitted).isEmpty();
    }

    @Test
    void theCoursesGpgTypoGetsA400ListingTheValidCurrencies() throws Exception {
        HttpResponse<String> r = post("/payments", KEY_A, "k",
            body("3.99", "GPG", TestCards.SUCCEEDS));
        assertError(r, 400, "invalid_currency", "currency");
        assertThat(json(r).get("message").asText()).contains("GPG", "GBP", "USD", "EUR");
    }

    @Test
    void requiresTheIdempotencyKeyHeader() throws Exception {
        assertError(post("/payments", KEY_A, null, body("3.99", "GBP", TestCards.SUCCEEDS)),
            400, "missing_idempotency_key", "Idempotency-Key");
    }

    @Test
    void requiresAValidApiKey() throws Exception {
        HttpResponse<String> none = post("/payments", null, "k",
            body("3.99", "GBP", TestCards.SUCCEEDS));
        assertError(none, 401, "unauthenticated", null);
        assertThat(json(none).get("type").asText()).isEqualTo("authentication_error");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertError(post("/payments", "sk_test_wrong", "k",
            body("3.99", "GBP", TestCards.SUCCEEDS)), 401, "unauthenticated", null);
        assertError(get("/payments/pay_x", null), 401, "unauthenticated", null);
        assertThat(gateway.submitted).isEmpty();
    }

    @Test
    void rejectsUnknownFieldsNamingThem() throws Exception {
        assertError(post("/payments", KEY_A, "k", "{\"amount\": 1, \"currency\": \"GBP\", "
            + "\"colour\": \"red\", \"card\": {}}"), 400, "invalid_request", "colour");
        assertError(post("/payments", KEY_A, "k", body("1", "GBP", TestCards.SUCCEEDS)
            .replace("\"cvc\"", "\"pin\": \"1\", \"cvc\"")), 400, "invalid_request", "card.pin");
    }

    @Test
    void rejectsWrongTypesNamingTheField() throws Exception {
        assertError(post("/payments", KEY_A, "k", body("\"3.99\"", "GBP", TestCards.SUCCEEDS)),
            400, "invalid_request", "amount");
        assertError(post("/payments", KEY_A, "k", body("3.99", "GBP", TestCards.SUCCEEDS)
            .replace("\"expiry_month\": 12", "\"expiry_month\": \"12\"")), 400,
            "invalid_request", "card.expiry_month");
        assertError(post("/payments", KEY_A, "k", body("3.99", "GBP", TestCards.SUCCEEDS)
            .replace("\"cvc\": \"123\"", "\"cvc\": 123")), 400, "invalid_request", "card.cvc");
        assertError(post("/payments", KEY_A, "k", "[1, 2]"), 400, "invalid_request", null);
        assertError(post("/payments", KEY_A, "k", "{\"amount\": "), 400, "invalid_request", null);
        assertError(post("/payments", KEY_A, "k", "{\"amount\": 1, \"amount\": 2}"), 400,
            "invalid_request", null);
    }

    @Test
    void rejectsOversizedBodies() throws Exception {
        String padding = " ".repeat(PaymentsRestServer.BODY_BYTES_MAX);
        assertError(post("/payments", KEY_A, "k", body("3.99", "GBP", TestCards.SUCCEEDS)
            + padding), 413, "request_too_large", null);
        assertThat(gateway.submitted).isEmpty();
    }

    @Test
    void badCardDetailsGetA400NamingTheFieldWithoutEchoingTheNumber() throws Exception {
        HttpResponse<String> r = post("/payments", KEY_A, "k",
            body("3.99", "GBP", "4242424242424241"));
        assertError(r, 400, "invalid_card_number", "card.card_number");
        assertThat(r.body()).doesNotContain("4242424242424241");
    }

    @Test
    void aRetryGetsTheSamePaymentMarkedReplayed() throws Exception {
        String b = body("3.99", "GBP", TestCards.SUCCEEDS);
        HttpResponse<String> first = post("/payments", KEY_A, "order-1", b);
        HttpResponse<String> again = post("/payments", KEY_A, "order-1", b);

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(json(again).get("id")).isEqualTo(json(first).get("id"));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(gateway.approvedAtIssuer()).isEqualTo(1);
    }

    @Test
    void aKeyReusedWithAnotherBodyGets422() throws Exception {
        post("/payments", KEY_A, "order-1", body("3.99", "GBP", TestCards.SUCCEEDS));
        HttpResponse<String> r = post("/payments", KEY_A, "order-1",
            body("4.99", "GBP", TestCards.SUCCEEDS));
        assertError(r, 422, "idempotency_key_reused", "idempotency_key");
        assertThat(json(r).get("type").asText()).isEqualTo("idempotency_error");
    }

    @Test
    void aRetryWhileTheFirstIsInProgressGets409ThenTheOutcome() throws Exception {
        String b = body("3.99", "GBP", TestCards.SLOW);
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(
            postRequest("/payments", KEY_A, "slow-1", b), HttpResponse.BodyHandlers.ofString());
        while (gateway.paymentsStore().keySet().stream().noneMatch(k -> k.startsWith("pay/"))) {
            Thread.sleep(5);
        }
        HttpResponse<String> busy = post("/payments", KEY_A, "slow-1", b);
        assertError(busy, 409, "request_in_progress", "idempotency_key");
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");

        gateway.advance(3_100);
        HttpResponse<String> r = first.get();
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aClientReadsItsOwnPaymentsOnly() throws Exception {
        String id = json(post("/payments", KEY_A, "o", body("3.99", "GBP", TestCards.SUCCEEDS)))
            .get("id").asText();

        HttpResponse<String> own = get("/payments/" + id, KEY_A);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json(own).get("id").asText()).isEqualTo(id);
        assertError(get("/payments/" + id, KEY_B), 404, "payment_not_found", "payment_id");
        assertError(get("/payments/pay_nothing", KEY_A), 404, "payment_not_found", "payment_id");
    }

    @Test
    void refundsPartThenAllThatIsLeft() throws Exception {
        String id = json(post("/payments", KEY_A, "o", body("10.00", "GBP", TestCards.SUCCEEDS)))
            .get("id").asText();

        HttpResponse<String> part = post("/payments/" + id + "/refunds", KEY_A, "r1",
            "{\"amount\": 2.50}");
        assertThat(part.statusCode()).as(part.body()).isEqualTo(201);
        assertThat(json(part).get("amount").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(json(part).get("payment").get("amount_refunded").decimalValue())
            .isEqualByComparingTo("2.50");
        assertError(post("/payments/" + id + "/refunds", KEY_A, "r2", "{\"amount\": 7.51}"),
            400, "refund_exceeds_payment", "amount");
        HttpResponse<String> rest = post("/payments/" + id + "/refunds", KEY_A, "r3", "");
        assertThat(json(rest).get("amount").decimalValue()).isEqualByComparingTo("7.50");
        assertError(post("/payments/" + id + "/refunds", KEY_B, "r4", ""), 404,
            "payment_not_found", "payment_id");
        assertError(post("/payments/" + id + "/refunds", KEY_A, null, ""), 400,
            "missing_idempotency_key", "Idempotency-Key");
    }

    @Test
    void unknownRoutesGetAJson404() throws Exception {
        assertError(get("/nowhere", KEY_A), 404, "route_not_found", null);
    }

    @Test
    void drainingAnswers503AndHealthSaysSo() throws Exception {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        server.drain();
        assertThat(get("/health", null).statusCode()).isEqualTo(503);
        HttpResponse<String> refused = post("/payments", KEY_A, "k",
            body("3.99", "GBP", TestCards.SUCCEEDS));
        assertError(refused, 503, "unavailable", null);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void anUnreachableNodeIsA503ThatSaysToRetryWithTheSameKey() throws Exception {
        PaymentsRestServer broken = new PaymentsRestServer(
            request -> CompletableFuture.failedFuture(new java.io.IOException("node down")),
            ApiKeys.of(Map.of(KEY_A, "shop-a"))).start("127.0.0.1", 0);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + broken.port() + "/payments"))
                .header("Authorization", "Bearer " + KEY_A).header("Idempotency-Key", "k")
                .POST(HttpRequest.BodyPublishers.ofString(body("3.99", "GBP",
                    TestCards.SUCCEEDS))).build(), HttpResponse.BodyHandlers.ofString());
            assertError(r, 503, "unavailable", null);
            assertThat(json(r).get("message").asText()).contains("same Idempotency-Key");
        } finally {
            broken.stop();
        }
    }

    @Test
    void everyDocumentedRouteAnswersWithADocumentedStatus() throws Exception {
        HttpResponse<String> docResponse = get("/openapi.json", null);
        assertThat(docResponse.statusCode()).isEqualTo(200);
        JsonNode paths = json(docResponse).get("paths");
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String concrete = path.getKey().replace("{id}", "pay_000000000000000000000000");
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
                 ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                HttpResponse<String> r = op.getKey().equals("post")
                    ? post(concrete, KEY_A, "doc-check", "{}")
                    : get(concrete, KEY_A);
                assertThat(op.getValue().get("responses").has(Integer.toString(r.statusCode())))
                    .as(op.getKey() + " " + path.getKey() + " answered " + r.statusCode())
                    .isTrue();
                checked.add(op.getKey() + " " + path.getKey());
            }
        }
        assertThat(checked).contains("post /payments", "get /payments/{id}",
            "post /payments/{id}/refunds", "get /openapi.json", "get /health");
    }

    /** Found by fuzzing: numbers a JSON parser takes whose plain form is huge or overflows. */
    @ParameterizedTest
    @CsvSource({
        "1e-1000000000, invalid_amount",
        "1e-2147483647, invalid_amount",
        "1e2147483648, invalid_request",
        "92233720368547758.08, amount_too_large",
        "1e400, amount_too_large"})
    void extremeAmountsGetAShort400(String amount, String code) throws Exception {
        HttpResponse<String> r = post("/payments", KEY_A, "x-" + amount,
            body(amount, "GBP", TestCards.SUCCEEDS));

        assertError(r, 400, code, code.equals("invalid_request") ? null : "amount");
        assertThat(r.body()).hasSizeLessThan(400);
        HttpResponse<String> refund = post("/payments/" + json(post("/payments", KEY_A,
            "ok-" + amount, body("5.00", "GBP", TestCards.SUCCEEDS))).get("id").asText()
            + "/refunds", KEY_A, "r-" + amount, "{\"amount\": " + amount + "}");
        assertError(refund, 400, code, code.equals("invalid_request") ? null : "amount");
    }

    @Test
    void aCurrencyWithSpacesIsUnknownAndLowerCaseIsTaken() throws Exception {
        assertError(post("/payments", KEY_A, "c1", body("3.99", " GBP", TestCards.SUCCEEDS)),
            400, "invalid_currency", "currency");
        HttpResponse<String> lower = post("/payments", KEY_A, "c2",
            body("3.99", "gbp", TestCards.SUCCEEDS));
        assertThat(lower.statusCode()).as(lower.body()).isEqualTo(201);
        assertThat(json(lower).get("currency").asText()).isEqualTo("GBP");
    }

    @Test
    void textAfterTheJsonIsRefusedAndChargesNothing() throws Exception {
        String good = body("3.99", "GBP", TestCards.SUCCEEDS);

        assertError(post("/payments", KEY_A, "t1", good + "xyz"), 400, "invalid_request", null);
        assertError(post("/payments", KEY_A, "t1", good + "{}"), 400, "invalid_request", null);
        HttpResponse<String> fresh = post("/payments", KEY_A, "t1", good);
        assertThat(fresh.statusCode()).isEqualTo(201);
        assertThat(fresh.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void parserErrorsAreInPlainWords() throws Exception {
        for (String amount : List.of("NaN", "+3.99")) {
            HttpResponse<String> r = post("/payments", KEY_A, "p-" + amount,
                body(amount, "GBP", TestCards.SUCCEEDS));
            assertError(r, 400, "invalid_request", null);
            assertThat(json(r).get("message").asText()).doesNotContain("`", "Feature");
        }
    }

    @Test
    void aPaymentIdThatIsNotPercentEncodedUtf8IsA400() throws Exception {
        // Sent raw: java.net.URI refuses to build such a path.
        for (String head : List.of("GET /payments/%ud800", "POST /payments/%ud800/refunds")) {
            String response = raw(head + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + KEY_A + "\r\nIdempotency-Key: r\r\nContent-Length: 0\r\n\r\n", false);
            assertThat(response).as(head).startsWith("HTTP/1.1 400")
                .contains("\"code\":\"invalid_request\"", "\"param\":\"id\"");
        }
    }

    @ParameterizedTest
    @CsvSource({"DELETE, /payments, POST", "PUT, /payments, POST", "GET, /payments, POST",
        "POST, /payments/pay_1, GET", "DELETE, /payments/pay_1, GET",
        "PATCH, /payments/pay_1/refunds, POST", "POST, /health, GET"})
    void aKnownRouteWithAnotherMethodIsA405ListingTheMethodsItTakes(String method, String path,
                                                                    String allowed)
        throws Exception {
        HttpResponse<String> r = http.send(request(path).header("Authorization", "Bearer "
                + KEY_A).method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertError(r, 405, "method_not_allowed", null);
        assertThat(r.headers().allValues("Allow")).containsExactly(allowed);
        assertThat(json(r).get("message").asText()).isEqualTo("method " + method
            + " is not allowed on " + path + "; it takes " + allowed + " (see /openapi.json)");
        assertThat(gateway.submitted).isEmpty();
        assertThat(post("/payments", KEY_A, "after-405", body("3.99", "GBP", TestCards.SUCCEEDS))
            .statusCode()).as("a good request after it").isEqualTo(201);
    }

    /** Javalin names the methods under another key when the client accepts HTML. */
    @Test
    void aBrowsersWrongMethodGetsTheAllowHeaderToo() throws Exception {
        HttpResponse<String> r = http.send(request("/payments/pay_1").header("Accept",
                "text/html,application/xhtml+xml").DELETE().build(),
            HttpResponse.BodyHandlers.ofString());

        assertError(r, 405, "method_not_allowed", null);
        assertThat(r.headers().allValues("Allow")).containsExactly("GET");
    }

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIsA415AndChargesNothing() throws Exception {
        String b = body("3.99", "GBP", TestCards.SUCCEEDS);
        HttpResponse<String> r = http.send(postRequest("/payments", KEY_A, "typed-1", b,
            "text/plain"), HttpResponse.BodyHandlers.ofString());

        assertError(r, 415, "unsupported_media_type", null);
        assertThat(json(r).get("message").asText()).isEqualTo("Content-Type 'text/plain' is not"
            + " supported; send application/json, optionally with charset=utf-8 (with curl:"
            + " -H 'Content-Type: application/json')");
        assertThat(gateway.submitted).isEmpty();
        // Nothing was recorded under the key: the same key with a JSON body charges, no replay.
        HttpResponse<String> fresh = post("/payments", KEY_A, "typed-1", b);
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(201);
        assertThat(fresh.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(gateway.approvedAtIssuer()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=latin1",
        "application/json;charset=\"ISO-8859-1\"", "application/x-www-form-urlencoded",
        "text/json", "application/json-patch+json", ""})
    void aContentTypeOtherThanJsonInUtf8IsA415NamingIt(String contentType) throws Exception {
        HttpResponse<String> r = http.send(postRequest("/payments", KEY_A, "typed-2",
                body("3.99", "GBP", TestCards.SUCCEEDS), contentType),
            HttpResponse.BodyHandlers.ofString());

        assertError(r, 415, "unsupported_media_type", null);
        assertThat(json(r).get("message").asText()).startsWith("Content-Type '" + contentType
            + "' is not supported; send application/json");
        assertThat(gateway.submitted).isEmpty();
        HttpResponse<String> fresh = post("/payments", KEY_A, "typed-2",
            body("3.99", "GBP", TestCards.SUCCEEDS));
        assertThat(fresh.statusCode()).as("a good request after it").isEqualTo(201);
        assertThat(fresh.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void aLongContentTypeIsQuotedShort() throws Exception {
        String longType = "text/" + "x".repeat(2_000);
        HttpResponse<String> r = http.send(postRequest("/payments", KEY_A, "typed-3",
                body("3.99", "GBP", TestCards.SUCCEEDS), longType),
            HttpResponse.BodyHandlers.ofString());

        assertError(r, 415, "unsupported_media_type", null);
        assertThat(json(r).get("message").asText()).contains("(2005 characters)")
            .hasSizeLessThan(250);
    }

    /** Content-Type is one value; which of two would the client mean? Both must say JSON. */
    @Test
    void aSecondContentTypeThatIsNotJsonIsA415() throws Exception {
        HttpRequest twoTypes = request("/payments").header("Authorization", "Bearer " + KEY_A)
            .header("Idempotency-Key", "typed-4").header("Content-Type", "application/json")
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body("3.99", "GBP", TestCards.SUCCEEDS)))
            .build();
        HttpResponse<String> r = http.send(twoTypes, HttpResponse.BodyHandlers.ofString());

        assertError(r, 415, "unsupported_media_type", null);
        assertThat(json(r).get("message").asText()).contains("'text/plain'");
        assertThat(gateway.submitted).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8",
        "APPLICATION/JSON", "Application/Json ; charset=\"utf-8\"", "application/json; v=2"})
    void jsonInAnyCaseWithAUtf8CharsetOrNoContentTypeIsTaken(String contentType) throws Exception {
        HttpResponse<String> r = http.send(postRequest("/payments", KEY_A, "typed-ok",
                body("3.99", "GBP", TestCards.SUCCEEDS), contentType),
            HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aRefundThatIsNotJsonByItsContentTypeIsA415AndRefundsNothing() throws Exception {
        String id = json(post("/payments", KEY_A, "o", body("10.00", "GBP", TestCards.SUCCEEDS)))
            .get("id").asText();
        String path = "/payments/" + id + "/refunds";

        for (String type : List.of("text/plain", "application/json; charset=latin1")) {
            HttpResponse<String> r = http.send(postRequest(path, KEY_A, "r1",
                "{\"amount\": 2.50}", type), HttpResponse.BodyHandlers.ofString());
            assertError(r, 415, "unsupported_media_type", null);
            assertThat(json(r).get("message").asText()).contains("'" + type + "'");
        }
        assertThat(json(get("/payments/" + id, KEY_A)).get("amount_refunded").decimalValue())
            .isEqualByComparingTo("0");
        HttpResponse<String> refund = http.send(postRequest(path, KEY_A, "r1",
            "{\"amount\": 2.50}", "application/json; charset=utf-8"),
            HttpResponse.BodyHandlers.ofString());
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(201);
        assertThat(refund.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(json(refund).get("payment").get("amount_refunded").decimalValue())
            .isEqualByComparingTo("2.50");
    }

    /** Errors Jetty answers before any route: JSON like every other error, not an HTML page. */
    @Test
    void errorsBeforeARouteAreJsonToo() throws Exception {
        String tooLarge = raw("GET /payments/x HTTP/1.1\r\nHost: x\r\nIdempotency-Key: "
            + "k".repeat(10_000) + "\r\n\r\n", false);
        assertThat(tooLarge).startsWith("HTTP/1.1 431")
            .contains("\"code\":\"request_too_large\"").doesNotContain("<html");
        String control = raw("GET /payments/x HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0001b"
            + "\r\n\r\n", false);
        assertThat(control).startsWith("HTTP/1.1 400")
            .contains("\"code\":\"invalid_request\"").doesNotContain("<html");
        String star = raw("GET * HTTP/1.1\r\nHost: x\r\n\r\n", false);
        assertThat(star).startsWith("HTTP/1.1 400").contains("\"code\":").doesNotContain("<html");
    }

    @Test
    void twoIdempotencyKeysOrTwoApiKeysAreRefused() throws Exception {
        HttpRequest twoKeys = request("/payments").header("Authorization", "Bearer " + KEY_A)
            .header("Idempotency-Key", "k1").header("Idempotency-Key", "k2")
            .POST(HttpRequest.BodyPublishers.ofString(body("3.99", "GBP", TestCards.SUCCEEDS)))
            .build();
        assertError(http.send(twoKeys, HttpResponse.BodyHandlers.ofString()), 400,
            "invalid_request", "Idempotency-Key");
        HttpRequest twoAuth = request("/payments").header("Authorization", "Bearer " + KEY_A)
            .header("Authorization", "Bearer " + KEY_B).header("Idempotency-Key", "k3")
            .POST(HttpRequest.BodyPublishers.ofString(body("3.99", "GBP", TestCards.SUCCEEDS)))
            .build();
        assertError(http.send(twoAuth, HttpResponse.BodyHandlers.ofString()), 400,
            "invalid_request", "Authorization");
    }

    @Test
    void aBrokenChunkedBodyIsA400() throws Exception {
        String good = body("3.99", "GBP", TestCards.SUCCEEDS);
        String response = raw("POST /payments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + KEY_A + "\r\nIdempotency-Key: c1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "zz\r\n" + good + "\r\n0\r\n\r\n", false);

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("\"code\":\"invalid_request\"");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutWaitingForTheBody() throws Exception {
        String response = raw("POST /payments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + KEY_A + "\r\nIdempotency-Key: big\r\nContent-Length: 1000000000\r\n\r\n"
            + "{\"amount\": 1", false);

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("\"code\":\"request_too_large\"");
    }

    /**
     * Sends {@code request} as it is over a socket and reads the answer's head and first bytes,
     * waiting at most 5 s; {@code closeOutput} ends the request stream after it.
     */
    private String raw(String request, boolean closeOutput) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            byte[] buffer = new byte[4096];
            StringBuilder out = new StringBuilder();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!out.toString().contains("}") && System.nanoTime() < deadline) {
                int n;
                try {
                    n = socket.getInputStream().read(buffer);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                out.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            return out.toString();
        }
    }
}
