package io.faultline.bank.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.DurableStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies, paths and query parameters that a fuzzer sent to the ledger's HTTP API: each is refused
 * with a JSON error that names the bad value in plain words, and changes nothing.
 */
class InputValidationTest {

    private static final int LIMIT = 1_000_000;

    @TempDir
    Path dir;

    private LedgerOverHttp bank;
    private DurableStore store;
    private Http http;
    private RawHttp raw;

    @BeforeEach
    void start() {
        bank = LedgerOverHttp.start(dir.resolve("ledger.db"), (client, after, sink) -> () -> { });
        store = bank.host.committedStore();
        http = new Http(bank.port());
        raw = new RawHttp(bank.port());
        assertThat(http.post("/accounts", "{\"commandId\":\"open-alice\",\"client\":\"alice\"}")
            .status()).isEqualTo(201);
        assertThat(http.post("/deposits",
            "{\"commandId\":\"fund-alice\",\"client\":\"alice\",\"amount\":100}").status())
            .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    @Test
    void refusesAChunkedBodyOverTheLimitWith413() {
        SortedMap<String, String> before = store.scan("");
        byte[] spaces = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer a = raw.post("/accounts", "Transfer-Encoding: chunked\r\n", out -> {
            RawHttp.chunk(out, "{\"commandId\":\"big\",\"client\":\"chX\""
                .getBytes(StandardCharsets.US_ASCII));
            for (int sent = 0; sent <= LIMIT; sent += spaces.length) {
                RawHttp.chunk(out, spaces);
            }
            RawHttp.chunk(out, "}".getBytes(StandardCharsets.US_ASCII));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });

        assertRawError(a, 413, "BODY_TOO_LARGE", "at most 1000000 bytes");
        assertThat(store.scan("")).isEqualTo(before);
    }

    @Test
    void refusesAContentLengthOverTheLimitBeforeReadingTheBody() {
        // Only the start of the body follows the head: the answer must not wait for the rest.
        RawHttp.Answer a = raw.post("/deposits", "Content-Length: 50000000\r\n",
            out -> out.write("{\"commandId\":".getBytes(StandardCharsets.US_ASCII)));

        assertRawError(a, 413, "BODY_TOO_LARGE", "Content-Length is 50000000");
        assertThat(a.json().get("message").asText()).contains("at most 1000000 bytes");
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() {
        String start = "{\"commandId\":\"edge\",\"client\":\"edge\"";
        String body = start + " ".repeat(LIMIT - start.length() - 1) + "}";
        assertThat(body.length()).isEqualTo(LIMIT);

        assertThat(http.post("/accounts", body).status()).isEqualTo(201);
    }

    @Test
    void refusesFractionalAmountsNamingTheValueSent() {
        SortedMap<String, String> before = store.scan("");
        for (String amount : new String[] {"1.5", "1e-400", "0.000000000000000000001", "1.0",
            "5e2"}) {
            Http.Answer a = deposit(amount);
            assertError(a, 400, "INVALID_AMOUNT", "amount " + amount + " is invalid");
            assertThat(a.json().get("message").asText()).contains("whole numbers of minor units");
        }
        assertThat(store.scan("")).isEqualTo(before);
        assertThat(http.get("/balance/alice").json().get("balance").asLong()).isEqualTo(100);
    }

    @Test
    void keepsMessagesAboutHugeNumbersShort() {
        String longFraction = "0." + "0".repeat(500) + "1";
        for (String amount : new String[] {"1e-1000000000", longFraction,
            "9".repeat(30), "-" + "9".repeat(900)}) {
            Http.Answer a = deposit(amount);
            assertError(a, 400, "INVALID_AMOUNT", "amount " + amount.substring(0,
                Math.min(amount.length(), 13)));
            assertThat(a.json().get("message").asText()).hasSizeLessThan(250);
        }
    }

    @Test
    void refusesValuesOfTheWrongJsonTypeNamingTheFieldAndTheType() {
        SortedMap<String, String> before = store.scan("");
        assertError(deposit("\"5\""), 400, "MALFORMED_JSON",
            "field 'amount' must be a whole number of minor units (cents), not the string \"5\"");
        assertError(http.post("/accounts", "{\"commandId\":\"c-num\",\"client\":123}"), 400,
            "MALFORMED_JSON", "field 'client' must be a string, not the number 123");
        assertError(http.post("/accounts", "{\"commandId\":\"c-bool\",\"client\":true}"), 400,
            "MALFORMED_JSON", "field 'client' must be a string, not true");
        assertError(http.post("/accounts", "{\"commandId\":12345,\"client\":\"num\"}"), 400,
            "MALFORMED_JSON", "field 'commandId' must be a string, not the number 12345");
        assertError(http.post("/transfers",
            "{\"commandId\":\"t\",\"from\":\"alice\",\"to\":[\"bob\"],\"amount\":1}"), 400,
            "MALFORMED_JSON", "field 'to' must be a string, not an array");
        assertThat(store.scan("")).isEqualTo(before);
    }

    @Test
    void refusesTextAfterTheJsonObject() {
        SortedMap<String, String> before = store.scan("");
        for (String trailer : new String[] {"xx", "{}", "}", "\"more\""}) {
            assertError(http.post("/accounts",
                "{\"commandId\":\"tail\",\"client\":\"tail\"}" + trailer), 400, "MALFORMED_JSON",
                "more after its JSON object");
        }
        assertThat(store.scan("")).isEqualTo(before);
        assertError(http.get("/balance/tail"), 404, "UNKNOWN_CLIENT", "'tail'");
    }

    @Test
    void saysWhatIsWrongInPlainWords() {
        assertError(http.post("/accounts", "[]"), 400, "MALFORMED_JSON",
            "the body must be a JSON object such as {\"commandId\":\"c1\",\"client\":\"alice\"},"
                + " not an array");
        assertError(http.post("/accounts", ""), 400, "MALFORMED_JSON", "the body is empty");
        assertError(deposit("\"abc\""), 400, "MALFORMED_JSON",
            "field 'amount' must be a whole number");
        assertError(deposit("true"), 400, "MALFORMED_JSON", "field 'amount' must be a whole"
            + " number of minor units (cents), not true");
        assertError(deposit("[]"), 400, "MALFORMED_JSON", "field 'amount' must be a whole number"
            + " of minor units (cents), not an array");
        assertError(http.post("/accounts", "{\"commandId\":\"x1\",\"client\":\"a\","
            + "\"client\":\"b\"}"), 400, "MALFORMED_JSON", "duplicate field 'client'");
        assertError(http.post("/accounts", "{\"commandId\":\"x1\",\"client\":\"a\","),
            400, "MALFORMED_JSON", "not valid JSON at line 1, column");
        assertError(http.post("/accounts", "{\"commandId\":\"x1\" \"client\":\"a\"}"),
            400, "MALFORMED_JSON", "not valid JSON at line 1, column");
        // The parser's own advice names its settings: "enable `JsonReadFeature...` to allow".
        assertError(deposit("NaN"), 400, "MALFORMED_JSON", "Non-standard token 'NaN'");
    }

    /** Errors Jetty answers before any route: JSON like every other error, not an HTML page. */
    @Test
    void errorsBeforeARouteAreJsonToo() {
        for (String path : new String[] {"/balance/%ZZ", "/balance/%"}) {
            assertRawError(raw.get(path, ""), 400, "BAD_REQUEST", "percent-escapes");
        }
        assertRawError(raw.get("/balance/alice", "X-Note: a\u0001b\r\n"), 400, "BAD_REQUEST",
            "control characters");
    }

    @Test
    void refusesMalformedPercentEscapesInPathsWithJson400() {
        for (String path : new String[] {"/balance/%ud800", "/events/%ud800",
            "/balance/%ed%a0%80", "/events/ok%u00e9"}) {
            RawHttp.Answer a = raw.get(path, "");
            assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(400);
            assertRawError(a, 400, "INVALID_PATH", "not valid percent-encoded UTF-8");
        }
        RawHttp.Answer stream = raw.get("/stream/%ud800", "Accept: text/event-stream\r\n");
        assertRawError(stream, 400, "INVALID_PATH", "not valid percent-encoded UTF-8");
    }

    @Test
    void refusesAnAfterTooLargeToHaveANextEventNamingAfterItself() {
        Http.Answer a = http.get("/events/alice?after=9223372036854775807");

        assertError(a, 400, "INVALID_PARAMETER", "after='9223372036854775807' is invalid: use a"
            + " whole number from 0 to 9223372036854775806");
        assertThat(a.json().get("message").asText()).doesNotContain("-9223372036854775808");
        assertThat(http.get("/events/alice?after=9223372036854775806").json().get("events"))
            .isEmpty();
    }

    @Test
    void refusesACommandWhoseContentTypeIsNotJsonWith415AndChangesNothing() {
        SortedMap<String, String> before = store.scan("");
        String body = "{\"commandId\":\"d-typed\",\"client\":\"alice\",\"amount\":5}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
            "application/json; charset=latin1", "application/json;charset=\"ISO-8859-1\"",
            "application/jsonx", ""}) {
            Http.Answer a = http.post("/deposits", type, body);
            assertError(a, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type '" + type + "'");
            assertThat(a.json().get("message").asText())
                .contains("send application/json", "-H 'Content-Type: application/json'");
        }
        assertThat(store.scan("")).isEqualTo(before);
        assertThat(http.get("/balance/alice").json().get("balance").asLong()).isEqualTo(100);

        // Nothing was recorded under the command id: sent as JSON, it is new, not a replay.
        Http.Answer json = http.post("/deposits", body);
        assertThat(json.status()).as(json.raw().body()).isEqualTo(201);
        assertThat(http.get("/balance/alice").json().get("balance").asLong()).isEqualTo(105);
    }

    @Test
    void refusesANonJsonBodyOnEveryCommandEndpointWith415() {
        SortedMap<String, String> before = store.scan("");
        String[][] commands = {
            {"/accounts", "{\"commandId\":\"o-typed\",\"client\":\"typed\"}"},
            {"/withdrawals", "{\"commandId\":\"w-typed\",\"client\":\"alice\",\"amount\":1}"},
            {"/transfers", "{\"commandId\":\"t-typed\",\"from\":\"alice\",\"to\":\"alice2\","
                + "\"amount\":1}"}};
        for (String[] command : commands) {
            assertError(http.post(command[0], "text/plain", command[1]), 415,
                "UNSUPPORTED_MEDIA_TYPE", "'text/plain'");
        }
        assertThat(store.scan("")).isEqualTo(before);
    }

    @Test
    void acceptsJsonInAnyCaseWithAUtf8CharsetOrWithoutAContentType() {
        String[] types = {"application/json; charset=UTF-8", "APPLICATION/JSON",
            "Application/Json ; charset=\"utf-8\"", "application/json; version=1", null};
        for (int i = 0; i < types.length; i++) {
            Http.Answer a = http.post("/deposits", types[i], "{\"commandId\":\"ok-" + i
                + "\",\"client\":\"alice\",\"amount\":1}");
            assertThat(a.status()).as(types[i] + ": " + a.raw().body()).isEqualTo(201);
        }
        assertThat(http.get("/balance/alice").json().get("balance").asLong()).isEqualTo(105);
    }

    @Test
    void answersAKnownPathAskedWithAnotherMethodWith405ListingTheAllowedOnes() {
        SortedMap<String, String> before = store.scan("");
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            Http.Answer a = http.request(method, "/balance/alice");
            assertError(a, 405, "METHOD_NOT_ALLOWED", "method " + method
                + " is not allowed on /balance/alice; it takes GET");
            assertThat(a.raw().headers().allValues("Allow")).containsExactly("GET");
        }
        Http.Answer deposit = http.request("GET", "/deposits");
        assertError(deposit, 405, "METHOD_NOT_ALLOWED", "it takes POST");
        assertThat(deposit.raw().headers().allValues("Allow")).containsExactly("POST");
        Http.Answer stream = http.request("POST", "/stream/alice");
        assertError(stream, 405, "METHOD_NOT_ALLOWED", "it takes GET");
        assertThat(stream.raw().headers().allValues("Allow")).containsExactly("GET");

        assertThat(store.scan("")).isEqualTo(before);
        assertError(http.request("PUT", "/nowhere"), 404, "NOT_FOUND", "PUT /nowhere");
        assertThat(http.get("/balance/alice").json().get("balance").asLong()).isEqualTo(100);
    }

    private Http.Answer deposit(String amountJson) {
        return http.post("/deposits", "{\"commandId\":\"d-new\",\"client\":\"alice\",\"amount\":"
            + amountJson + "}");
    }

    private static void assertError(Http.Answer a, int status, String code, String mentions) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.json().get("error").asText()).as(a.raw().body()).isEqualTo(code);
        assertPlainMessage(a.json().get("message").asText(), mentions);
    }

    private static void assertRawError(RawHttp.Answer a, int status, String code,
        String mentions) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).as(a.body()).startsWith("application/json");
        assertThat(a.json().get("error").asText()).as(a.body()).isEqualTo(code);
        assertPlainMessage(a.json().get("message").asText(), mentions);
    }

    /** The message says what is wrong without Java or Jackson names. */
    private static void assertPlainMessage(String message, String mentions) {
        assertThat(message).contains(mentions);
        for (String internal : new String[] {"io.faultline", "java.", "Jackson", "JsonToken",
            "`", "Source:", "REDACTED", "$"}) {
            assertThat(message).as("names no internals").doesNotContain(internal);
        }
    }
}
