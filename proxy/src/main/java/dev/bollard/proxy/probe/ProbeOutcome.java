package dev.bollard.proxy.probe;

/**
 * What the status port answers kubelet: {@code status} is 200 when the app passed (an HTTP 2xx or
 * 3xx, a TCP connect, gRPC SERVING), the app's own status when it answered 4xx/5xx (as pilot-agent
 * passes it on), 500 when the app could not be reached in time; {@code detail} says which.
 */
public record ProbeOutcome(int status, String detail) {
    public static ProbeOutcome passed(String detail) {
        return new ProbeOutcome(200, detail);
    }

    public static ProbeOutcome unreachable(String detail) {
        return new ProbeOutcome(500, detail);
    }

    public boolean ok() {
        return status == 200;
    }
}
