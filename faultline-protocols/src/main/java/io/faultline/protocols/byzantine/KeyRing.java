package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;
import io.faultline.sim.Rng;
import io.faultline.sim.engine.LabKeys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Ed25519 keys of a set of generals, made at scenario setup (never inside node code), and the
 * sign and verify operations the nodes use.
 *
 * <p>Keys are derived from the run's seed by {@link LabKeys} (engine side: node code makes no
 * randomness), and Ed25519 signing is deterministic (RFC 8032), so one seed gives the same keys,
 * the same signatures and the same trace. These keys protect a simulation, not money.
 *
 * @param publicKeys every general's public key
 * @param privateKeys every general's private key; a node is given only its own
 */
public record KeyRing(SortedMap<Address, PublicKey> publicKeys,
                      SortedMap<Address, PrivateKey> privateKeys) {

    public KeyRing {
        publicKeys = Collections.unmodifiableSortedMap(new TreeMap<>(publicKeys));
        privateKeys = Collections.unmodifiableSortedMap(new TreeMap<>(privateKeys));
    }

    /** Fresh keys for {@code generals}, derived from {@code seed}. */
    public static KeyRing generate(Collection<Address> generals, long seed) {
        SortedMap<Address, PublicKey> pub = new TreeMap<>();
        SortedMap<Address, PrivateKey> priv = new TreeMap<>();
        for (Address a : new TreeSet<>(generals)) {
            KeyPair kp = LabKeys.ed25519(new Rng(seed).split("ed25519/" + a.name()));
            pub.put(a, kp.getPublic());
            priv.put(a, kp.getPrivate());
        }
        return new KeyRing(pub, priv);
    }

    /** The Base64 Ed25519 signature of {@code payload} (UTF-8) under {@code key}. */
    public static String sign(PrivateKey key, String payload) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code base64} is a valid signature of {@code payload} under {@code key}. */
    public static boolean verify(PublicKey key, String payload, String base64) {
        try {
            byte[] sig = Base64.getDecoder().decode(base64);
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(payload.getBytes(StandardCharsets.UTF_8));
            return s.verify(sig);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // Malformed Base64 or a signature of the wrong length: not a valid signature.
            return false;
        }
    }
}
