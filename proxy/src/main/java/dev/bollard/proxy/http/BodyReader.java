package dev.bollard.proxy.http;

import io.netty.buffer.ByteBuf;

/**
 * Follows one message body through the bytes as they arrive, to tell where it ends without
 * touching them (the proxy forwards or skips the very bytes it measured). Chunked bodies are
 * walked chunk by chunk, extensions and trailers included; a chunk-size line or trailer over
 * {@link #MAX_LINE} bytes, or a size that is not hex, is malformed.
 */
public final class BodyReader {
    /** A chunk-size line or one trailer field; far above what real clients send. */
    static final int MAX_LINE = 4096;

    private enum State { LENGTH, SIZE, DATA, DATA_END, TRAILER, UNTIL_CLOSE, DONE }

    private State state;
    private long remaining;
    private int lineLength;
    private boolean sizeDigits;
    private boolean sizeEnded;
    private int trailerBytes;

    public BodyReader(Framing framing) {
        switch (framing.kind()) {
            case NONE -> state = State.DONE;
            case LENGTH -> {
                state = State.LENGTH;
                remaining = framing.length();
            }
            case CHUNKED -> state = State.SIZE;
            case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
        }
    }

    public boolean done() {
        return state == State.DONE;
    }

    /** True for a body that ends only with the connection. */
    public boolean untilClose() {
        return state == State.UNTIL_CLOSE;
    }

    /**
     * How many of the readable bytes belong to the body (the reader index does not move); fewer than
     * readable once the body ended.
     */
    public int consume(ByteBuf in) throws MalformedHttpException {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int p = start;
        while (p < end && state != State.DONE) {
            switch (state) {
                case LENGTH, DATA -> {
                    int take = (int) Math.min(remaining, end - p);
                    p += take;
                    remaining -= take;
                    if (remaining == 0) {
                        state = state == State.LENGTH ? State.DONE : State.DATA_END;
                    }
                }
                case UNTIL_CLOSE -> p = end;
                case SIZE -> sizeByte(in.getByte(p++));
                case DATA_END -> dataEndByte(in.getByte(p++));
                case TRAILER -> trailerByte(in.getByte(p++));
                default -> throw new IllegalStateException(state.name());
            }
        }
        return p - start;
    }

    private void sizeByte(byte b) throws MalformedHttpException {
        if (++lineLength > MAX_LINE) {
            throw new MalformedHttpException(400, "chunk size line too long");
        }
        if (b == '\n') {
            if (!sizeDigits) {
                throw new MalformedHttpException(400, "malformed chunk size");
            }
            state = remaining == 0 ? State.TRAILER : State.DATA;
            lineLength = 0;
            sizeDigits = false;
            sizeEnded = false;
            return;
        }
        int digit = Character.digit(b, 16);
        if (!sizeEnded && digit >= 0) {
            if (remaining > (Long.MAX_VALUE >> 4)) {
                throw new MalformedHttpException(400, "chunk size too large");
            }
            remaining = remaining << 4 | digit;
            sizeDigits = true;
        } else if (b == ';' || b == ' ' || b == '\t' || b == '\r') {
            sizeEnded = true; // extensions or the line end follow; they are forwarded as they are
        } else if (!sizeEnded) {
            throw new MalformedHttpException(400, "malformed chunk size");
        }
    }

    private void dataEndByte(byte b) throws MalformedHttpException {
        if (b == '\r' && lineLength == 0) {
            lineLength = 1;
        } else if (b == '\n') {
            lineLength = 0;
            state = State.SIZE;
        } else {
            throw new MalformedHttpException(400, "chunk data not followed by CRLF");
        }
    }

    private void trailerByte(byte b) throws MalformedHttpException {
        if (++trailerBytes > HttpHeads.MAX_HEAD) {
            throw new MalformedHttpException(431, "trailers over " + HttpHeads.MAX_HEAD / 1024 + " KiB");
        }
        if (b == '\n') {
            if (lineLength == 0) {
                state = State.DONE;
            }
            lineLength = 0;
        } else if (b != '\r' || lineLength > 0) {
            lineLength++;
        }
    }
}
