package io.echotune.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.echotune.gateway.routing.ServiceRoute;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public OpenAPI document (META-INF/openapi.yaml, served at /q/openapi) and what the gateway dispatches agree:
 * every documented operation is either under a {@link ServiceRoute} prefix (forwarded to its service; the lint of
 * {@code make test} checks that the service's own document has the same operation) or is one of the gateway's own
 * JAX-RS operations with the same method; every public gateway operation and every route of the table is
 * documented. Both sides are read from the code and the document, so a new resource or route (the partner endpoints
 * included) is checked as soon as it exists.
 */
class PublicDocumentRoutesTest {

    private static final String DOCUMENT = "META-INF/openapi.yaml";
    private static final java.nio.file.Path DOCS_COPY = java.nio.file.Path.of("..", "docs", "openapi.yaml");
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** The gateway's own resources that are public API (the rest, /internal/**, is service-to-service only). */
    private static final List<String> PUBLIC_PREFIXES = List.of("/api/", "/auth/", "/oauth/");
    @Test
    void docsCopyIsTheServedDocument() throws IOException {
        try (InputStream served = resource(DOCUMENT)) {
            // assertTrue, not assertEquals: the message names the fix instead of printing two 2,000-line files.
            assertTrue(new String(served.readAllBytes()).equals(Files.readString(DOCS_COPY)),
                    "docs/openapi.yaml must be a verbatim copy of gateway-service/src/main/resources/" + DOCUMENT
                            + " (cp gateway-service/src/main/resources/" + DOCUMENT + " docs/openapi.yaml)");
        }
    }

    @Test
    void everyDocumentedOperationIsDispatched() throws IOException {
        Set<String> gatewayOperations = gatewayOperations();
        List<String> undispatched = new ArrayList<>();
        for (String operation : documentedOperations().keySet()) {
            String path = operation.substring(operation.indexOf(' ') + 1);
            boolean forwarded = routeOf(path) != null;
            if (!forwarded && !gatewayOperations.contains(operation)) {
                undispatched.add(operation);
            }
        }
        assertTrue(undispatched.isEmpty(), "documented, but neither forwarded (ServiceRoute) nor served by a gateway "
                + "resource: " + undispatched);
    }

    @Test
    void everyGatewayOperationIsDocumented() throws IOException {
        Set<String> documented = documentedOperations().keySet();
        Set<String> missing = new TreeSet<>(gatewayOperations());
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "served by a gateway resource but not in " + DOCUMENT + ": " + missing);
    }

    @Test
    void everyForwardedRouteIsDocumented() throws IOException {
        Set<String> documentedPaths = new TreeSet<>();
        documentedOperations().keySet().forEach(op -> documentedPaths.add(op.substring(op.indexOf(' ') + 1)));
        for (ServiceRoute route : ServiceRoute.values()) {
            assertTrue(documentedPaths.stream().anyMatch(path -> path.matches(route.pathRegex())),
                    "no documented operation under the route " + route + " (" + route.pathRegex() + ")");
        }
    }

    @Test
    void publicRoutesAreDocumentedAsReadOnlyAndOpen() throws IOException {
        documentedOperations().forEach((operation, node) -> {
            String method = operation.substring(0, operation.indexOf(' '));
            ServiceRoute route = routeOf(operation.substring(operation.indexOf(' ') + 1));
            if (route != null && route.isPublic()) {
                assertTrue(method.equals("GET") || method.equals("HEAD"), operation + ": public routes forward GET and HEAD only");
                assertTrue(allowsAnonymous(node), operation + " is on a public route: its security must allow no credentials");
            }
        });
    }

    @Test
    void partnerOperationsAreMarkedAndNameTheirScope() throws IOException {
        documentedOperations().forEach((operation, node) -> {
            boolean marked = node.path("x-partner").asBoolean(false);
            boolean partnerCredentials = false;
            for (JsonNode requirement : node.path("security")) {
                partnerCredentials |= requirement.has("partnerClientCredentials")
                        && !requirement.get("partnerClientCredentials").isEmpty();
            }
            boolean issuesPartnerTokens = operation.equals("POST /oauth/token");
            assertEquals(marked, partnerCredentials || issuesPartnerTokens,
                    operation + ": x-partner and a partnerClientCredentials requirement (with its scope) go together");
        });
    }

    private static boolean allowsAnonymous(JsonNode operation) {
        JsonNode security = operation.get("security");
        if (security == null || security.isEmpty()) {
            return security != null;
        }
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static ServiceRoute routeOf(String path) {
        for (ServiceRoute route : ServiceRoute.values()) {
            if (path.matches(route.pathRegex())) {
                return route;
            }
        }
        return null;
    }

    /** "METHOD /path/{}" (parameter names left out, they may differ) of every operation of the document. */
    private static Map<String, JsonNode> documentedOperations() throws IOException {
        JsonNode document;
        try (InputStream in = resource(DOCUMENT)) {
            document = new YAMLMapper().readTree(in);
        }
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(entry -> {
                if (HTTP_METHODS.contains(entry.getKey())) {
                    operations.put(entry.getKey().toUpperCase(Locale.ROOT) + " " + template(path.getKey()), entry.getValue());
                }
            });
        }
        assertTrue(operations.size() > 50, "the document lists the whole public API");
        return operations;
    }

    /** The JAX-RS operations of the gateway's own classes under the public prefixes, as "METHOD /path/{}". */
    private static Set<String> gatewayOperations() throws IOException {
        Set<String> operations = new TreeSet<>();
        for (Class<?> type : gatewayClasses()) {
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null || type.isAnnotationPresent(RegisterRestClient.class)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String httpMethod = httpMethodOf(method);
                if (httpMethod == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String path = template(join(classPath.value(), methodPath == null ? "" : methodPath.value()));
                if (PUBLIC_PREFIXES.stream().anyMatch(path::startsWith)) {
                    operations.add(httpMethod + " " + path);
                }
            }
        }
        assertTrue(operations.contains("GET /api/v1/me"), "the gateway's resources were found: " + operations);
        return operations;
    }

    private static String httpMethodOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** Path parameters as {}: "/a/{id}" and "/a/{tokenId: [0-9a-f-]+}" compare equal. */
    private static String template(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    /** Every compiled class of io.echotune.gateway (main classes, not tests), loaded without initialising it. */
    private static List<Class<?>> gatewayClasses() throws IOException {
        URL root = PublicDocumentRoutesTest.class.getClassLoader().getResource("io/echotune/gateway/routing/ServiceRoute.class");
        assertTrue(root != null && root.getProtocol().equals("file"), "the gateway's classes are a directory: " + root);
        java.nio.file.Path classes;
        try {
            classes = java.nio.file.Path.of(root.toURI()).getParent().getParent().getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> found = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("io/echotune/gateway"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    found.add(Class.forName(name, false, PublicDocumentRoutesTest.class.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name, e);
                }
            }
        }
        return found;
    }

    private static InputStream resource(String name) {
        InputStream in = PublicDocumentRoutesTest.class.getClassLoader().getResourceAsStream(name);
        assertTrue(in != null, name + " is on the classpath");
        return in;
    }
}
