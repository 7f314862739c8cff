package dev.bollard.webhook.ca.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Carries the {@code authorization} metadata value (as istio-agent sends it) to the gRPC service. */
@ApplicationScoped
public class BearerTokenInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<String> CALLER_AUTHORIZATION = Context.key("bollard-authorization");

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Context context = Context.current().withValue(CALLER_AUTHORIZATION, headers.get(AUTHORIZATION));
        return Contexts.interceptCall(context, call, headers, next);
    }
}
