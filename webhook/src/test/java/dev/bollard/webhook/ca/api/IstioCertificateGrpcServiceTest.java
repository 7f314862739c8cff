package dev.bollard.webhook.ca.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.bollard.webhook.ca.Csrs;
import dev.bollard.webhook.ca.FakeTokenReviews;
import dev.bollard.webhook.ca.OpenSsl;
import dev.bollard.webhook.ca.istio.IstioCertificateRequest;
import dev.bollard.webhook.ca.istio.IstioCertificateResponse;
import dev.bollard.webhook.ca.istio.IstioCertificateServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * Calls the CA as istio-agent does: gRPC over the webhook's HTTPS port, bearer token in the
 * {@code authorization} metadata. A plain grpc-java channel, because the Quarkus client needs a
 * fixed port while tests listen on a random one.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CertificateResourceTest.Setup.class)
class IstioCertificateGrpcServiceTest {

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    private ManagedChannel channel;

    @BeforeEach
    void connect() throws Exception {
        channel = NettyChannelBuilder.forAddress("localhost", base.getPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private IstioCertificateServiceGrpc.IstioCertificateServiceBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(BearerTokenInterceptor.AUTHORIZATION, "Bearer " + token);
        }
        return IstioCertificateServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static IstioCertificateRequest request(String csr, long validity) {
        return IstioCertificateRequest.newBuilder().setCsr(csr).setValidityDuration(validity).build();
    }

    @Test
    void issuesALeafFirstRootLastChainThatOpensslVerifies() throws Exception {
        IstioCertificateResponse response = stub(FakeTokenReviews.WEB)
                .createCertificate(request(Csrs.pem(Csrs.ec("secp256r1"), null, Csrs.uri(FakeTokenReviews.WEB_ID)), 3600));
        List<String> chain = response.getCertChainList();
        assertEquals(2, chain.size(), "leaf and the self-signed root");
        OpenSsl.Result verify = OpenSsl.verify(chain.get(chain.size() - 1), chain.subList(0, chain.size() - 1));
        assertEquals(0, verify.exitCode(), verify.output());
        assertTrue(OpenSsl.text(chain.get(0)).contains("URI:" + FakeTokenReviews.WEB_ID));
    }

    @Test
    void mapsRefusalsToGrpcStatusCodes() {
        String csr = Csrs.pem(Csrs.ec("secp256r1"), null);
        assertStatus(Status.Code.UNAUTHENTICATED, "missing", () -> stub(null).createCertificate(request(csr, 0)));
        assertStatus(Status.Code.UNAUTHENTICATED, "token has expired", () -> stub(FakeTokenReviews.EXPIRED).createCertificate(request(csr, 0)));
        assertStatus(Status.Code.INVALID_ARGUMENT, "no PEM block", () -> stub(FakeTokenReviews.WEB).createCertificate(request("junk", 0)));
        assertStatus(Status.Code.INVALID_ARGUMENT, "exceeds the maximum",
                () -> stub(FakeTokenReviews.WEB).createCertificate(request(csr, 400L * 24 * 3600)));
        assertStatus(Status.Code.PERMISSION_DENIED, "spiffe://cluster.local/ns/other/sa/x",
                () -> stub(FakeTokenReviews.WEB).createCertificate(request(
                        Csrs.pem(Csrs.ec("secp256r1"), null, Csrs.uri("spiffe://cluster.local/ns/other/sa/x")), 0)));
        assertStatus(Status.Code.UNAVAILABLE, "cannot check the token", () -> stub(FakeTokenReviews.API_DOWN).createCertificate(request(csr, 0)));
    }

    @Test
    void refusesImpersonationAsIstioDoesWithoutTrustedNodeAccounts() {
        IstioCertificateRequest impersonating = request(Csrs.pem(Csrs.ec("secp256r1"), null), 0).toBuilder()
                .setMetadata(Struct.newBuilder().putFields(IstioCertificateGrpcService.IMPERSONATED_IDENTITY,
                        Value.newBuilder().setStringValue("spiffe://cluster.local/ns/kube-system/sa/admin").build()))
                .build();
        assertStatus(Status.Code.UNAUTHENTICATED, "ImpersonatedIdentity", () -> stub(FakeTokenReviews.WEB).createCertificate(impersonating));
    }

    @Test
    void refusesMessagesOver64KiB() {
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "",
                () -> stub(FakeTokenReviews.WEB).createCertificate(request("x".repeat(CertificateResource.MAX_BODY_BYTES + 1), 0)));
    }

    private static void assertStatus(Status.Code code, String fragment, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(fragment), e.getMessage());
    }
}
