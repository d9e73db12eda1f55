package io.faultline.bank.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.bank.Event;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bank's JSON: one configured {@link ObjectMapper} for events on Kafka and bodies over HTTP.
 * An event is {@code {"client":"alice","seq":3,"type":"DEPOSITED","amount":500,
 * "balanceAfter":500,"commandId":"c2","counterparty":"-","timeMs":1712}}. Thread-safe.
 */
public final class BankJson {

    /** The shared mapper; unknown fields are refused so that typos surface as errors. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private BankJson() {
    }

    /** Any value as JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** An event from JSON bytes. */
    public static Event readEvent(byte[] json) {
        try {
            return MAPPER.readValue(json, Event.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a bank event: " + new String(json,
                java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }
}
