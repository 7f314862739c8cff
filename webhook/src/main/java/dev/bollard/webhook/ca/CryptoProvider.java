package dev.bollard.webhook.ca;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider the CA signs and verifies with: Bouncy Castle, about five times SunEC's
 * P-256 signing rate on this hardware (see make bench). An instance, never registered
 * globally, so the TLS stack and everything else keep the JDK's providers.
 */
final class CryptoProvider {
    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private CryptoProvider() {
    }
}
