package io.prescale.providers.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiException;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.io.InterruptedIOException;
import java.util.Optional;

/**
 * Turns the API server's answers into diagnostics: the HTTP code picks the summary and code, the {@code Status}
 * object's {@code message} is the detail ({@code {"kind":"Status","status":"Failure","reason":"Conflict",
 * "code":409,"message":"..."}}).
 */
final class ApiErrors {
    static final String CONFLICT = "Conflict";
    static final String INVALID = "Invalid";
    static final String NOT_FOUND = "NotFound";
    static final String FORBIDDEN = "Forbidden";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String TIMEOUT = "Timeout";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    static ProviderDiagnostic diagnose(String resource, ApiCall call, ApiException e) {
        Optional<JsonNode> status = status(e.getResponseBody());
        String message = status.map(s -> s.path("message").asText("")).filter(m -> !m.isEmpty())
                .orElseGet(() -> causeMessage(e));
        String what = call.request();
        return switch (e.getCode()) {
            case 409 -> ProviderDiagnostic.error(resource,
                    "changed by someone else since it was read; not overwritten (" + what + ")",
                    message + "; check who changed it, then plan again", CONFLICT);
            case 422 -> ProviderDiagnostic.error(resource, "rejected as invalid by the API server (" + what + ")",
                    message, INVALID);
            case 404 -> ProviderDiagnostic.error(resource, "not found (" + what + ")", message, NOT_FOUND);
            case 401 -> ProviderDiagnostic.error(resource, "not authenticated (" + what + ")",
                    message + "; check the kubeconfig user or token of this context", UNAUTHORIZED);
            case 403 -> ProviderDiagnostic.error(resource, "forbidden (" + what + ")", message
                    + "; the identity needs RBAC verb '" + call.verb() + "' on " + call.resource() + " in API group '"
                    + call.group() + "' in this namespace (the rules prescale needs: "
                    + "examples/deploy/kubernetes/rbac.yaml, docs/providers.md)", FORBIDDEN);
            case 0 -> ProviderDiagnostic.error(resource, (isTimeout(e) ? "no answer within the deadline ("
                    : "API server unreachable (") + what + ")", message, isTimeout(e) ? TIMEOUT : "Unreachable");
            default -> ProviderDiagnostic.error(resource, "failed with HTTP " + e.getCode() + " (" + what + ")",
                    message, status.map(s -> s.path("reason").asText("")).filter(r -> !r.isEmpty())
                            .orElse("HTTP" + e.getCode()));
        };
    }

    private static Optional<JsonNode> status(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && "Status".equals(n.path("kind").asText()) ? Optional.of(n) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static String causeMessage(ApiException e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
                b.append(b.isEmpty() ? "" : ": ").append(m);
            }
        }
        return b.isEmpty() ? "HTTP " + e.getCode() : b.toString();
    }
}
