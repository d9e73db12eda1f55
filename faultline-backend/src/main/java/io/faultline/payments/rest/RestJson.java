package io.faultline.payments.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faultline.http.ClientText;
import io.faultline.payments.CardDetails;
import io.faultline.payments.Currency;
import io.faultline.payments.ErrorCode;
import io.faultline.payments.Payment;
import io.faultline.payments.PaymentsMessage.Rejected;
import io.faultline.payments.Refund;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of the REST API: strict reading of request bodies (unknown fields, wrong types,
 * duplicate keys and inexact amounts are refused, each naming the field) and writing of payments,
 * refunds and errors. Amounts travel in major units as in the course's example ({@code 3.99}) and
 * are read as exact decimals from the JSON text, never through a binary floating point.
 * Thread-safe.
 */
final class RestJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();

    private static final Set<String> CHARGE_FIELDS = Set.of("amount", "currency", "card");
    private static final Set<String> CARD_FIELDS =
        Set.of("card_number", "expiry_month", "expiry_year", "cvc");
    private static final Set<String> REFUND_FIELDS = Set.of("amount");

    private RestJson() {
    }

    /** A request body that was refused; carries the error to answer with. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Rejected rejected;

        BadRequest(ErrorCode code, String param, String message) {
            super(message, null, false, false);
            this.rejected = new Rejected(code, param, message);
        }
    }

    /** A charge's fields as read from the body; the idempotency key comes from a header. */
    record Charge(long amountMinor, Currency currency, CardDetails card) {
    }

    /** Parses a JSON object body; refuses anything else. */
    static JsonNode object(String body) throws BadRequest {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest(ErrorCode.INVALID_REQUEST, "", "the body is not valid JSON: "
                + ClientText.plainParserMessage(e.getOriginalMessage()));
        } catch (NumberFormatException | ArithmeticException e) {
            // A number whose exponent does not fit: 1e2147483648.
            throw new BadRequest(ErrorCode.INVALID_REQUEST, "", "the body has a number out of"
                + " any range; amounts are decimals such as 3.99");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest(ErrorCode.INVALID_REQUEST, "", "the body must be a JSON object");
        }
        return node;
    }

    /** A number as a message may repeat it: short even for 1e-1000000000 or 500 digits. */
    private static String shown(BigDecimal value) {
        long digits = value.precision();
        long scale = value.scale();
        int max = ClientText.QUOTED_CHARS_MAX;
        boolean plainIsShort = scale >= 0 && scale <= max && digits - scale <= max;
        return ClientText.quote(plainIsShort ? value.toPlainString() : value.toString());
    }

    /** Reads {@code {"amount": 3.99, "currency": "GBP", "card": {...}}}. */
    static Charge charge(JsonNode body) throws BadRequest {
        onlyFields(body, CHARGE_FIELDS, "");
        Currency currency = currency(required(body, "currency", ""));
        long amountMinor = amountMinor(required(body, "amount", ""), currency, "amount");
        JsonNode card = required(body, "card", "");
        if (!card.isObject()) {
            throw wrongType("card", "an object");
        }
        onlyFields(card, CARD_FIELDS, "card.");
        return new Charge(amountMinor, currency, new CardDetails(
            text(required(card, "card_number", "card."), "card.card_number"),
            integer(required(card, "expiry_month", "card."), "card.expiry_month"),
            integer(required(card, "expiry_year", "card."), "card.expiry_year"),
            text(required(card, "cvc", "card."), "card.cvc")));
    }

    /** Reads a refund body: empty, {@code {}} or {@code {"amount": 1.00}}; 0 means everything. */
    static long refundMinor(String body, Currency currency) throws BadRequest {
        if (body.isBlank()) {
            return 0;
        }
        JsonNode node = object(body);
        onlyFields(node, REFUND_FIELDS, "");
        JsonNode amount = node.get("amount");
        if (amount == null || amount.isNull()) {
            return 0;
        }
        long minor = amountMinor(amount, currency, "amount");
        if (minor <= 0) {
            throw new BadRequest(ErrorCode.INVALID_AMOUNT, "amount", "a refund amount must be "
                + "greater than 0, or left out to refund everything; got "
                + shown(amount.decimalValue()));
        }
        return minor;
    }

    /** The amount in minor units, exactly; refuses more decimals than the currency has. */
    static long amountMinor(JsonNode node, Currency currency, String param) throws BadRequest {
        if (!node.isNumber()) {
            throw wrongType(param, "a number in major units, such as 3.99");
        }
        BigDecimal value = node.decimalValue();
        BigDecimal exact = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        // In long arithmetic: a scale may be anything an int holds, 1e-2147483647 included.
        // 19 digits before the point cannot fit a long; refuse before building a huge number.
        if ((long) exact.precision() - exact.scale() > 18) {
            throw tooLarge(param, value);
        }
        if (exact.scale() > currency.exponent()) {
            throw new BadRequest(ErrorCode.INVALID_AMOUNT, param, param + " " + shown(value)
                + " has more decimals than " + currency + " allows (" + currency.exponent()
                + ")");
        }
        try {
            return exact.movePointRight(currency.exponent()).longValueExact();
        } catch (ArithmeticException e) {
            throw tooLarge(param, value); // 18 digits of pounds, in pence, may pass 2^63
        }
    }

    private static BadRequest tooLarge(String param, BigDecimal value) {
        return new BadRequest(ErrorCode.AMOUNT_TOO_LARGE, param, param + " " + shown(value)
            + " is too large");
    }

    private static Currency currency(JsonNode node) throws BadRequest {
        if (!node.isTextual()) {
            throw wrongType("currency", "a string, one of " + Currency.validCodes());
        }
        return Currency.fromCode(node.textValue()).orElseThrow(() -> new BadRequest(
            ErrorCode.INVALID_CURRENCY, "currency", "unknown currency '" + node.textValue()
                + "'; valid currencies: " + Currency.validCodes()));
    }

    private static JsonNode required(JsonNode obj, String field, String prefix) throws BadRequest {
        JsonNode value = obj.get(field);
        if (value == null || value.isNull()) {
            throw new BadRequest(ErrorCode.INVALID_REQUEST, prefix + field,
                prefix + field + " is required");
        }
        return value;
    }

    private static void onlyFields(JsonNode obj, Set<String> allowed, String prefix)
        throws BadRequest {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new BadRequest(ErrorCode.INVALID_REQUEST, prefix + name, "unknown field '"
                    + prefix + name + "'; valid fields: " + String.join(", ",
                    allowed.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String param) throws BadRequest {
        if (!node.isTextual()) {
            throw wrongType(param, "a string");
        }
        return node.textValue();
    }

    private static int integer(JsonNode node, String param) throws BadRequest {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(param, "an integer");
        }
        return node.intValue();
    }

    private static BadRequest wrongType(String param, String expected) {
        return new BadRequest(ErrorCode.INVALID_REQUEST, param, param + " must be " + expected);
    }

    // ---- writing --------------------------------------------------------------------------------

    /** A payment as the API shows it. */
    static Map<String, Object> payment(Payment p) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("last4", p.cardLastFour());
        card.put("expiry_month", p.expiryMonth());
        card.put("expiry_year", p.expiryYear());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("object", "payment");
        out.put("amount", major(p.amountMinor(), p.currency()));
        out.put("amount_minor", p.amountMinor());
        out.put("currency", p.currency().name());
        out.put("status", p.status().name().toLowerCase(java.util.Locale.ROOT));
        out.put("failure_code", p.failureCode().isEmpty() ? null : p.failureCode());
        out.put("amount_refunded", major(p.refundedMinor(), p.currency()));
        out.put("card", card);
        out.put("created_at", Instant.ofEpochMilli(p.createdAtMs()).toString());
        return out;
    }

    /** A refund as the API shows it, with the payment after it. */
    static Map<String, Object> refund(Refund r, Payment after) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("object", "refund");
        out.put("payment_id", r.paymentId());
        out.put("amount", major(r.amountMinor(), after.currency()));
        out.put("currency", after.currency().name());
        out.put("created_at", Instant.ofEpochMilli(r.createdAtMs()).toString());
        out.put("payment", payment(after));
        return out;
    }

    /** An error body: {@code {"type", "code", "message", "param"}}. */
    static Map<String, Object> error(Rejected r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type(r.code()));
        out.put("code", r.code().wire());
        out.put("message", r.message());
        out.put("param", r.param().isEmpty() ? null : r.param());
        return out;
    }

    /** The error's type, as Stripe's API groups them. */
    static String type(ErrorCode code) {
        return switch (code.category()) {
            case INVALID_REQUEST, NOT_FOUND -> "invalid_request_error";
            case KEY_REUSED, IN_PROGRESS -> "idempotency_error";
            case UNAUTHENTICATED -> "authentication_error";
            case CARD -> "card_error";
            case UNAVAILABLE, INTERNAL -> "api_error";
        };
    }

    static BigDecimal major(long minor, Currency currency) {
        return BigDecimal.valueOf(minor, currency.exponent());
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }
}
