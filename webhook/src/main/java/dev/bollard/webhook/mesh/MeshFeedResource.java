package dev.bollard.webhook.mesh;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bollard.identity.SpiffeId;
import dev.bollard.webhook.http.ApiError;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /v1/mesh/feed?pod=&namespace=&ip=}: the control plane's push to one proxy, as
 * {@code application/x-ndjson} that never ends. The caller is the proxy's workload certificate
 * (TLS client certificate), checked here before the stream starts: 400 bad parameters, 401 no or
 * foreign certificate, 403 an identity that is not this pod's.
 */
@Path(MeshFeedResource.PATH)
public class MeshFeedResource {
    public static final String PATH = "/v1/mesh/feed";
    public static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(MeshFeedResource.class);

    private final MeshFeed feed;
    private final MeshRoots roots;

    MeshFeedResource(MeshFeed feed, MeshRoots roots) {
        this.feed = feed;
        this.roots = roots;
    }

    // the checks before the stream may load the CA (a Secret read from the API server, plug-in CA
    // files hashed): on a worker thread, not the event loop that also serves admission. The thread
    // returns as soon as the Multi does; the stream itself holds none.
    @GET
    @Blocking
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Object> stream(@RestQuery String pod, @RestQuery String namespace, @RestQuery String ip,
            HttpServerRequest http) {
        FeedRequest request = FeedRequest.parse(pod, namespace, ip);
        MeshRoots.Trust trust = roots.trust();
        SpiffeId caller = WorkloadCertificates.verify(peerChain(http.sslSession()), trust.roots(), trust.intermediates(), new Date());
        FeedAuthorization.check(caller, feed.trustDomain(), request, feed.pod(request));
        LOG.infof("mesh feed for %s opened by %s from %s", request, caller, http.remoteAddress());
        return feed.stream(request, caller).onTermination().invoke(() -> LOG.infof("mesh feed for %s closed", request));
    }

    @ServerExceptionMapper
    public Response refused(FeedRefusal e) {
        LOG.debugf("mesh feed refused (%d): %s", e.status(), e.getMessage());
        return new ApiError(e.error(), e.getMessage()).toResponse(e.status());
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        if (session == null) {
            return chain;
        }
        try {
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // the client sent no certificate: an empty chain is a 401
        }
        return chain;
    }
}
