package io.faultline.protocols.retry;

import io.faultline.protocols.retry.Messages.Reply;
import io.faultline.protocols.retry.Messages.Request;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a message's fields with a key shared by the client and the server. Against an
 * arbitrary network's adversary, who does not have the key, it turns alteration and forgery into
 * loss.
 */
public final class Auth {

    private final Mac mac;

    /** Not thread-safe: each node makes its own. */
    public Auth(String secret) {
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public Request sign(String requestId, long op, long amount) {
        return new Request(requestId, op, amount, mac("req|" + requestId + "|" + op + "|" + amount));
    }

    public Reply sign(String requestId, long counter) {
        return new Reply(requestId, counter, mac("rep|" + requestId + "|" + counter));
    }

    public boolean valid(Request r) {
        return r.mac().equals(mac("req|" + r.requestId() + "|" + r.op() + "|" + r.amount()));
    }

    public boolean valid(Reply r) {
        return r.mac().equals(mac("rep|" + r.requestId() + "|" + r.counter()));
    }

    private String mac(String text) {
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
