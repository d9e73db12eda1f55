package io.faultline.payments.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The API keys the service accepts and the client each names. Only SHA-256 digests of the keys are
 * kept, so a heap dump does not hand out working keys. Immutable and thread-safe.
 */
public final class ApiKeys {

    /** The prefix of a generated key, so that a key found in a log is easy to recognise. */
    public static final String PREFIX = "sk_test_";

    private final Map<String, String> clientByDigest;

    private ApiKeys(Map<String, String> clientByDigest) {
        this.clientByDigest = Map.copyOf(clientByDigest);
    }

    /** Keys from a map of API key to client id. */
    public static ApiKeys of(Map<String, String> clientByKey) {
        Map<String, String> byDigest = new TreeMap<>();
        for (Map.Entry<String, String> e : clientByKey.entrySet()) {
            Objects.requireNonNull(e.getKey(), "key");
            Objects.requireNonNull(e.getValue(), "client");
            byDigest.put(digest(e.getKey()), e.getValue());
        }
        return new ApiKeys(byDigest);
    }

    /** A new random key: {@value #PREFIX} and 32 hex digits (128 bits). */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    /** The client that {@code key} names, if any. */
    public Optional<String> clientFor(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(clientByDigest.get(digest(key)));
    }

    /**
     * The client named by an {@code Authorization} header value of the form {@code Bearer <key>},
     * if any.
     */
    public Optional<String> clientForAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return clientFor(header.substring(7).trim());
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
