package dev.bollard.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TestPki;
import dev.bollard.proxy.testing.Mesh;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

class TlsContextsTest {
    private static final TestPki.Ca PKI = TestPki.root("contexts-root");
    private static final TestPki.Workload SERVER = TestPki.workload(PKI, Mesh.TD + "b");
    private static final TestPki.Workload CLIENT = TestPki.workload(PKI, Mesh.TD + "a");

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void eachSideHandshakesWithItsOwnKeyAndSeesThePeersIdentity(SslProvider provider) throws Exception {
        assumeTrue(provider != SslProvider.OPENSSL || OpenSsl.isAvailable(), "BoringSSL does not load here");
        TlsContexts server = TlsContexts.build(provider, SERVER.key(), SERVER.chain(), List.of(SERVER.root()));
        TlsContexts client = TlsContexts.build(provider, CLIENT.key(), CLIENT.chain(), List.of(CLIENT.root()));
        SSLEngine accepting = server.server().newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine connecting = client.client().newEngine(ByteBufAllocator.DEFAULT);
        try {
            handshake(connecting, accepting);
            assertEquals(SpiffeId.parse(Mesh.TD + "a"), TlsContexts.peerIdentity(accepting.getSession()));
            assertEquals(SpiffeId.parse(Mesh.TD + "b"), TlsContexts.peerIdentity(connecting.getSession()));
            assertEquals("TLSv1.3", accepting.getSession().getProtocol());
        } finally {
            ReferenceCountUtil.release(accepting);
            ReferenceCountUtil.release(connecting);
            ReferenceCountUtil.release(server.server());
            ReferenceCountUtil.release(server.client());
            ReferenceCountUtil.release(client.server());
            ReferenceCountUtil.release(client.client());
        }
    }

    /** Both engines in memory: each one's output is the other's input until neither has more to do. */
    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer sink = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 100 && !(done(client) && done(server)); step++) {
            pump(client, empty, toServer, toClient, sink);
            pump(server, empty, toClient, toServer, sink);
        }
        assertTrue(done(client) && done(server), "handshake did not finish: " + client.getHandshakeStatus() + " / " + server.getHandshakeStatus());
    }

    private static void pump(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink) throws Exception {
        for (int i = 0; i < 10; i++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                engine.wrap(empty, out);
            } else if (status == HandshakeStatus.NEED_UNWRAP) {
                // called even with nothing to read: BoringSSL's engine resumes there after a task
                in.flip();
                int consumed = engine.unwrap(in, sink).bytesConsumed();
                in.compact();
                if (consumed == 0 && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
    }
}
