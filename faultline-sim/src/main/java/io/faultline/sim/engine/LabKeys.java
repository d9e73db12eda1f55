package io.faultline.sim.engine;

import io.faultline.sim.Rng;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.spec.NamedParameterSpec;

/**
 * Ed25519 key pairs derived from a seeded stream, for scenario setup (never for node code, and
 * never outside the lab: a key that follows from a printed seed protects nothing).
 *
 * <p>The JDK's Ed25519 key generator draws its 32-byte private key from the {@link SecureRandom}
 * it is given; this class hands it the seeded stream. Ed25519 signing is deterministic (RFC 8032),
 * so one seed gives the same keys, the same signatures and the same trace.
 */
public final class LabKeys {

    private LabKeys() {
    }

    /** An Ed25519 key pair drawn from {@code rng}. */
    public static KeyPair ed25519(Rng rng) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SeededRandom(rng));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (Java 15 or later has)", e);
        }
    }

    /** A SecureRandom that returns a seeded stream. */
    private static final class SeededRandom extends SecureRandom {

        private static final long serialVersionUID = 1L;
        private final transient Rng rng;

        SeededRandom(Rng rng) {
            super(new NoSpi(), null);
            this.rng = rng;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            rng.nextBytes(bytes);
        }
    }

    /** Never used: {@link SeededRandom} overrides what key generation calls. */
    private static final class NoSpi extends SecureRandomSpi {

        private static final long serialVersionUID = 1L;

        @Override
        protected void engineSetSeed(byte[] seed) {
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            throw new UnsupportedOperationException("SeededRandom overrides nextBytes");
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new UnsupportedOperationException("SeededRandom generates no seeds");
        }
    }
}
