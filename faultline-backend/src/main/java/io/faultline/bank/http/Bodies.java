package io.faultline.bank.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON bodies of the command endpoints: the fields each one has and of what type. Amounts are
 * whole minor units (cents); every other field is a string. {@link JsonBody} reads a body against
 * one of these shapes.
 */
final class Bodies {

    /** {@code POST /accounts}. */
    static final Shape OPEN_ACCOUNT = new Shape("{\"commandId\":\"c1\",\"client\":\"alice\"}",
        "commandId", "client");

    /** {@code POST /deposits} and {@code POST /withdrawals}. */
    static final Shape MOVE = new Shape(
        "{\"commandId\":\"c2\",\"client\":\"alice\",\"amount\":500}",
        "commandId", "client", "amount");

    /** {@code POST /transfers}. */
    static final Shape TRANSFER = new Shape(
        "{\"commandId\":\"c4\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":50}",
        "commandId", "from", "to", "amount");

    private Bodies() {
    }

    /** The type of a field's JSON value; nothing is converted from one type to another. */
    enum Type {
        /** A JSON string. */
        TEXT,
        /** A JSON integer in [-2^63, 2^63 - 1]: no fraction, no exponent, no quotes. */
        AMOUNT
    }

    /**
     * The fields of one body in the order the API documents them.
     *
     * @param example a valid body, quoted in error messages
     */
    record Shape(String example, Map<String, Type> fields) {

        private Shape(String example, String... textFields) {
            this(example, fieldMap(textFields));
        }

        /** Every field named is text, except {@code amount}, which is an amount. */
        private static Map<String, Type> fieldMap(String... names) {
            Map<String, Type> fields = new LinkedHashMap<>();
            for (String name : names) {
                fields.put(name, name.equals("amount") ? Type.AMOUNT : Type.TEXT);
            }
            return Collections.unmodifiableMap(fields);
        }
    }
}
