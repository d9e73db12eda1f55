package io.faultline.payments;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints. A card number has too little entropy for a plain hash (anyone can hash every
 * number with a known prefix), so the card fingerprint is an HMAC-SHA256 under a secret key that
 * lives outside the database. Request fingerprints hash only values that are already safe to store.
 */
public final class Fingerprints {

    private final SecretKeySpec key;

    /** @param key the secret, at least 16 bytes */
    public Fingerprints(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("the fingerprint key needs at least 16 bytes, got "
                + (key == null ? "none" : key.length));
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The keyed fingerprint of a card number (digits only): 32 hex characters. */
    public String card(String digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(out, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The SHA-256 of the parts joined by '|': the fingerprint of a request's payload. */
    public static String request(Object... parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            text.append(part).append('|');
        }
        try {
            byte[] out = MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
