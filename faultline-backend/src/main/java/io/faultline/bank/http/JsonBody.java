package io.faultline.bank.http;

import static io.faultline.http.ClientText.quote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.faultline.http.ClientText;
import io.faultline.http.JsonMediaType;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A command's request body, read with a bound on its size and checked field by field: one flat
 * JSON object whose fields are those of its {@link Bodies.Shape}, each sent at most once, each of
 * its own JSON type (nothing is coerced: {@code "5"} is not an amount, {@code 123} is not a
 * string, {@code 1.5} is not truncated), and nothing after the object. Every refusal is an
 * {@link HttpProblem} whose message names the bad value and what is valid, in plain words.
 */
final class JsonBody {

    /** The largest body read, in bytes, whether it is sent with a Content-Length or chunked. */
    static final int BYTES_MAX = 1_000_000;
    private static final JsonFactory JSON = new JsonFactory();
    /** Jackson's location text, which names its own types and features; see {@link #reason}. */
    private static final Pattern SOURCE = Pattern.compile(
        "\\[Source: [^\\]]*line: (\\d+), column: (\\d+)\\]");

    private final Map<String, Object> values;

    private JsonBody(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * Reads and checks the body of {@code ctx}: at most {@link #BYTES_MAX} bytes are read, and a
     * Content-Type other than JSON or a Content-Length above that is refused before any of the
     * body is read.
     *
     * @throws HttpProblem 415 for a body that is not JSON by its Content-Type, 413 for one that
     *     is too large, 400 for one that does not fit
     */
    static JsonBody read(Context ctx, Bodies.Shape shape) {
        JsonMediaType.refusal(ctx).ifPresent(message -> {
            throw new HttpProblem(415, "UNSUPPORTED_MEDIA_TYPE", message);
        });
        return parse(boundedBytes(ctx), shape);
    }

    /** The text field {@code name}. @throws HttpProblem 400 when it is missing or null */
    String text(String name) {
        return (String) required(name);
    }

    /** The amount field {@code name}. @throws HttpProblem 400 when it is missing or null */
    long amount(String name) {
        return (Long) required(name);
    }

    private Object required(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new HttpProblem(400, "MISSING_FIELD", "field '" + name + "' is required");
        }
        return value;
    }

    private static byte[] boundedBytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > BYTES_MAX) {
            throw tooLarge("its Content-Length is " + declared);
        }
        byte[] bytes;
        try {
            bytes = ctx.req().getInputStream().readNBytes(BYTES_MAX + 1);
        } catch (IOException e) {
            throw new HttpProblem(400, "MALFORMED_JSON", "could not read the body ("
                + e.getMessage() + "); send it again");
        }
        if (bytes.length > BYTES_MAX) {
            throw tooLarge("more than " + BYTES_MAX + " bytes were sent");
        }
        return bytes;
    }

    private static HttpProblem tooLarge(String why) {
        return new HttpProblem(413, "BODY_TOO_LARGE", "the body is too large (" + why
            + "): send at most " + BYTES_MAX + " bytes");
    }

    static JsonBody parse(byte[] body, Bodies.Shape shape) {
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw malformed("the body is empty: send a JSON object such as "
                    + shape.example());
            }
            if (first != JsonToken.START_OBJECT) {
                throw malformed("the body must be a JSON object such as " + shape.example()
                    + ", not " + describe(p));
            }
            Map<String, Object> values = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                Bodies.Type type = shape.fields().get(name);
                if (type == null) {
                    throw malformed("unknown field '" + quote(name) + "'; valid fields: "
                        + String.join(", ", shape.fields().keySet()));
                }
                if (values.containsKey(name)) {
                    throw malformed("duplicate field '" + name + "': send each field once");
                }
                p.nextToken();
                values.put(name, value(p, name, type));
            }
            checkNothingAfter(p);
            return new JsonBody(values);
        } catch (StreamConstraintsException e) {
            throw malformed("the body has a value too long to read: amounts are whole numbers"
                + " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        } catch (JsonProcessingException e) {
            throw malformed("the body is not valid JSON" + at(e) + ": " + reason(e));
        } catch (IOException e) {
            throw malformed("could not read the body (" + e.getMessage() + "); send it again");
        }
    }

    /** The value of field {@code name}, or null for JSON null, which counts as missing. */
    private static Object value(JsonParser p, String name, Bodies.Type type) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (type == Bodies.Type.TEXT) {
            if (token != JsonToken.VALUE_STRING) {
                throw malformed("field '" + name + "' must be a string, not " + describe(p));
            }
            return p.getText();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            throw new HttpProblem(400, "INVALID_AMOUNT", name + " " + quote(p.getText())
                + " is invalid: amounts are whole numbers of minor units (cents), written"
                + " without a fraction or exponent, e.g. 150 for 1.50");
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw malformed("field '" + name + "' must be a whole number of minor units"
                + " (cents), not " + describe(p));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new HttpProblem(400, "INVALID_AMOUNT", name + " "
                + quote(p.getText()) + " is invalid: amounts are whole numbers of"
                + " minor units up to " + Long.MAX_VALUE);
        }
        return p.getLongValue();
    }

    private static void checkNothingAfter(JsonParser p) {
        long endsAt = p.currentLocation().getByteOffset();
        JsonToken next;
        try {
            next = p.nextToken();
        } catch (IOException e) {
            next = JsonToken.NOT_AVAILABLE;
        }
        if (next != null) {
            throw malformed("the body has more after its JSON object, which ends at byte "
                + endsAt + ": send one JSON object and nothing after it");
        }
    }

    /** The current value in words: its JSON type, and its text when it is short enough. */
    private static String describe(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "the string \"" + quote(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + quote(p.getText());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> "'" + quote(p.getText()) + "'";
        };
    }

    /**
     * Jackson's own description of a syntax error, with its location text replaced by the line
     * and column, and without the settings it names in backquotes ("enable `JsonReadFeature...`
     * to allow"), which mean nothing to a client.
     */
    private static String reason(JsonProcessingException e) {
        return ClientText.plainParserMessage(
            SOURCE.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2"));
    }

    private static String at(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        return where == null ? "" : " at line " + where.getLineNr() + ", column "
            + where.getColumnNr();
    }

    private static HttpProblem malformed(String message) {
        return new HttpProblem(400, "MALFORMED_JSON", message);
    }
}
