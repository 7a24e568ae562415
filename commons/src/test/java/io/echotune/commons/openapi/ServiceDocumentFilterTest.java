package io.echotune.commons.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceDocumentFilterTest {

    private final ServiceDocumentFilter filter = new ServiceDocumentFilter();

    @Test
    void anAuthenticatedReadOfAResourceCanAnswer401And404Only() {
        Operation get = OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("OK")));
        filter.filterOpenAPI(documentWith("/api/v1/playlists/{playlistId}", OASFactory.createPathItem().GET(get)));

        assertEquals(Set.of("200", "401", "404"), get.getResponses().getAPIResponses().keySet());
        assertEquals(Set.of(ServiceDocumentFilter.INTERNAL_TOKEN), get.getSecurity().getFirst().getSchemes().keySet());
        assertEquals("#/components/schemas/Problem",
                get.getResponses().getAPIResponse("401").getContent().getMediaType("application/problem+json").getSchema().getRef());
    }

    @Test
    void aBodyOrQueryParametersAdd400AndADeclaredStatusIsKept() {
        Operation post = OASFactory.createOperation().requestBody(OASFactory.createRequestBody())
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("400", OASFactory.createAPIResponse().description("Own words")));
        Operation list = OASFactory.createOperation().parameters(List.of(OASFactory.createParameter()
                .name("limit").in(Parameter.In.QUERY)));
        filter.filterOpenAPI(documentWith("/api/v1/playlists", OASFactory.createPathItem().POST(post).GET(list)));

        assertEquals("Own words", post.getResponses().getAPIResponse("400").getDescription());
        assertEquals(Set.of("400", "401"), list.getResponses().getAPIResponses().keySet());
    }

    @Test
    void aPublicOperationGetsNoTokenAndNo401() {
        Operation shared = OASFactory.createOperation()
                .security(List.of(OASFactory.createSecurityRequirement()));
        filter.filterOpenAPI(documentWith("/api/v1/shared/{code}", OASFactory.createPathItem().GET(shared)));

        assertEquals(Set.of("404"), shared.getResponses().getAPIResponses().keySet());
        assertTrue(shared.getSecurity().getFirst().getSchemes() == null || shared.getSecurity().getFirst().getSchemes().isEmpty());
    }

    @Test
    void aHandWrittenDocumentThatDefinesProblemIsLeftAsWritten() {
        Operation get = OASFactory.createOperation();
        OpenAPI document = documentWith("/api/v1/me/{x}", OASFactory.createPathItem().GET(get));
        document.components(OASFactory.createComponents().addSchema("Problem", OASFactory.createSchema()));
        filter.filterOpenAPI(document);

        assertNull(get.getResponses());
        assertNull(get.getSecurity());
        assertNull(document.getComponents().getSecuritySchemes());
    }

    private static OpenAPI documentWith(String path, org.eclipse.microprofile.openapi.models.PathItem item) {
        return OASFactory.createOpenAPI().paths(OASFactory.createPaths().addPathItem(path, item));
    }
}
