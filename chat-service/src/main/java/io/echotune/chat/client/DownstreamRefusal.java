package io.echotune.chat.client;

import jakarta.ws.rs.WebApplicationException;

/**
 * A downstream service read the request and refused it (a 4xx): retrying cannot help and the service is not down,
 * so it is neither retried nor counted by the breakers ({@code skipOn}).
 */
public class DownstreamRefusal extends RuntimeException {

    private final int status;

    public DownstreamRefusal(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static Throwable ifRefused(Throwable failure) {
        if (failure instanceof WebApplicationException w && w.getResponse().getStatus() >= 400
                && w.getResponse().getStatus() < 500) {
            return new DownstreamRefusal(w.getResponse().getStatus(), w.getMessage());
        }
        return failure;
    }
}
