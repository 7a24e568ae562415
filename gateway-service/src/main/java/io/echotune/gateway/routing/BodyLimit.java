package io.echotune.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that fails once more than {@code limit} bytes have been read. {@code Content-Length} is checked
 * before forwarding, but a chunked body declares no length: only counting the bytes as they arrive holds the limit
 * for every body.
 */
final class BodyLimit implements ReadStream<Buffer> {

    /** The failure a pipe from this stream ends with when the body is too large. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("The request body is larger than the limit here of " + limit + " bytes", null, false, false);
        }
    }

    private final ReadStream<Buffer> body;
    private final long limit;
    private long read;
    private boolean exceeded;
    private Handler<Throwable> exceptionHandler;

    BodyLimit(ReadStream<Buffer> body, long limit) {
        this.body = body;
        this.limit = limit;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        body.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            body.handler(null);
            return this;
        }
        body.handler(chunk -> {
            if (exceeded) {
                return;
            }
            read += chunk.length();
            if (read > limit) {
                exceeded = true;
                body.pause();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new TooLarge(limit));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        body.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!exceeded) {
            body.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!exceeded) {
            body.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        body.endHandler(endHandler == null ? null : v -> {
            if (!exceeded) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
