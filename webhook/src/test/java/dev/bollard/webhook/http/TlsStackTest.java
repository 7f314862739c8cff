package dev.bollard.webhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;

class TlsStackTest {
    private static final TlsStack.NativeLibrary BORINGSSL = new TlsStack.NativeLibrary(true, true, "BoringSSL", "");

    @Test
    void takesBoringSslWhereItLoadsWithAlpn() {
        assertChoice(TlsStack.Preference.AUTO, BORINGSSL, TlsStack.BORINGSSL, "BoringSSL");
    }

    @Test
    void fallsBackToTheJdkWhenTheNativeLibraryDoesNotLoad() {
        assertChoice(TlsStack.Preference.AUTO, TlsStack.NativeLibrary.missing("java.lang.UnsatisfiedLinkError: no netty_tcnative"),
                TlsStack.JDK, "did not load: java.lang.UnsatisfiedLinkError");
    }

    @Test
    void fallsBackToTheJdkWithoutAlpnSinceHttp2NeedsIt() {
        assertChoice(TlsStack.Preference.AUTO, new TlsStack.NativeLibrary(true, false, "OpenSSL 1.0.1", ""), TlsStack.JDK, "no ALPN");
    }

    @Test
    void forcedJdkIgnoresALoadedLibrary() {
        assertChoice(TlsStack.Preference.JDK, BORINGSSL, TlsStack.JDK, "bollard.edge.tls-stack=jdk");
    }

    @Test
    void eachStackMapsToItsVertxEngine() {
        assertInstanceOf(OpenSSLEngineOptions.class, TlsStack.BORINGSSL.engineOptions());
        assertInstanceOf(JdkSSLEngineOptions.class, TlsStack.JDK.engineOptions());
        assertEquals("boringssl", TlsStack.BORINGSSL.label());
    }

    @Test
    void theShippedNativeLibraryLoadsHere() {
        // the build ships netty-tcnative's linux-x86_64 file: on this platform BoringSSL must load
        assertTrue(OpenSsl.isAvailable(), () -> "netty-tcnative: " + OpenSsl.unavailabilityCause());
        assertTrue(OpenSsl.isAlpnSupported(), "ALPN");
    }

    private static void assertChoice(TlsStack.Preference wanted, TlsStack.NativeLibrary library, TlsStack stack, String reason) {
        TlsStack.Choice choice = TlsStack.choose(wanted, library);
        assertEquals(stack, choice.stack());
        assertTrue(choice.reason().contains(reason), choice.reason());
    }
}
