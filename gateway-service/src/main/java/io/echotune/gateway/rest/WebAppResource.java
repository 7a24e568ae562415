package io.echotune.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;

/** The web app's entry at {@code /chat}, where sign-in lands; the page itself is the static start page. */
@Path("/chat")
public class WebAppResource {

    @GET
    @Produces(MediaType.TEXT_HTML)
    public InputStream chat() {
        return WebAppResource.class.getResourceAsStream("/META-INF/resources/index.html");
    }
}
