package io.echotune.commons.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;

/**
 * Completes every service's generated OpenAPI document with what each operation shares and the annotations would
 * only repeat: the internal identity token the gateway mints (required unless the resource declares an empty
 * {@code @SecurityRequirementsSet}: public, like a shared playlist), the RFC 9457 {@code Problem} schema, and the problem
 * responses the operation can really answer: 401 where a token is required, 400 where the request carries a body or
 * query parameters (validation, malformed body), 404 where the path names a resource (missing, or another user's).
 * An operation that declares one of these statuses itself keeps its own.
 * <p>
 * Runs once at build time (the document is fixed then and stored under target/openapi, where the lint reads it).
 * A hand-written document that already defines {@code Problem} (the gateway's public one) is left exactly as written.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ServiceDocumentFilter implements OASFilter {

    static final String INTERNAL_TOKEN = "internalToken";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null && components.getSchemas().containsKey(PROBLEM)) {
            return;
        }
        components.addSchema(PROBLEM, problemSchema());
        components.addSchema("FieldError", fieldErrorSchema());
        components.addSecurityScheme(INTERNAL_TOKEN, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("The short-lived identity token the gateway signs for each request it forwards "
                        + "(issuer echotune-gateway, audience echotune-services, claims sub, scope and prefs). "
                        + "Clients never hold it: they call the gateway (docs/security.md)."));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) ->
                item.getOperations().values().forEach(operation -> complete(path, operation)));
    }

    private static void complete(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        // An empty requirement (an empty @SecurityRequirementsSet on the resource) lets anyone call it: public.
        boolean isPublic = operation.getSecurity() != null && (operation.getSecurity().isEmpty()
                || operation.getSecurity().stream().anyMatch(r -> r.getSchemes() == null || r.getSchemes().isEmpty()));
        if (operation.getSecurity() == null) {
            operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(INTERNAL_TOKEN));
        }
        if (operation.getRequestBody() != null || hasParameterIn(operation, Parameter.In.QUERY)) {
            addProblem(responses, "400", "The request is invalid (validation names each field) or its body is no JSON "
                    + "of the expected shape");
        }
        if (!isPublic) {
            addProblem(responses, "401", "No valid internal token (the gateway always sends one)");
        }
        if (path.contains("{")) {
            addProblem(responses, "404", "No such resource for this caller (another user's resource is 404 too)");
        }
    }

    private static boolean hasParameterIn(Operation operation, Parameter.In in) {
        List<Parameter> parameters = operation.getParameters();
        return parameters != null && parameters.stream().anyMatch(p -> p.getIn() == in);
    }

    private static void addProblem(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent().addMediaType(PROBLEM_MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        responses.addAPIResponse(status, response);
    }

    /** The shape of {@link io.echotune.commons.problem.Problem} as it is serialised (empty fields are left out). */
    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .description("An RFC 9457 problem detail; type is urn:echotune:problem:<kind>")
                .addType(Schema.SchemaType.OBJECT)
                .required(List.of("type", "title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .examples(List.of("urn:echotune:problem:validation")))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .description("One invalid field of a request, named as the client sent it")
                .addType(Schema.SchemaType.OBJECT)
                .required(List.of("field", "message"))
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
