package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.shuyu.controller.error.ErrorCode;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The error responses of the public API document: every operation answers problems ({@code application/problem+json},
 * schema {@code Problem}) for 400, 401, 403, 404 (when its path names a resource), 409 and 422 (when it changes
 * something) and 5XX. Each response's description lists the {@link ErrorCode}s of its HTTP status, taken from the enum
 * itself, so a new code appears in the document (and the spec-diff test) without further work.
 *
 * <p>Each status's response is defined once under {@code components/responses} (named after its reason phrase:
 * {@code BadRequest}, {@code Conflict}, ...) and referenced by the operations. Other customizers add their own
 * statuses with {@link #add(OpenAPI, Operation, int)}; this one runs first ({@link Ordered#HIGHEST_PRECEDENCE}) and
 * {@link #add} keeps a response already there, so the order of additions does not matter.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemResponses implements OpenApiCustomizer {
    /** The schema name of an error body. */
    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(PROBLEM, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> operations(item).forEach((method, operation) -> {
            add(openApi, operation, 400);
            add(openApi, operation, 401);
            add(openApi, operation, 403);
            if (path.contains("{")) {
                add(openApi, operation, 404);
            }
            if (method != PathItem.HttpMethod.GET) {
                add(openApi, operation, 409);
                add(openApi, operation, 422);
            }
            addServerErrors(openApi, operation);
        }));
    }

    /**
     * Adds the problem response of {@code status} to {@code operation} unless it has one: a reference to the shared
     * response {@code components/responses/<ReasonPhrase>} (created on first use), whose description is the reason
     * phrase followed by the codes of that status.
     */
    public static void add(OpenAPI openApi, Operation operation, int status) {
        HttpStatus http = HttpStatus.valueOf(status);
        String name = http.getReasonPhrase().replaceAll("[^A-Za-z]", "");
        share(openApi, name, () -> problem(http.getReasonPhrase() + codeList(codes(status))));
        reference(operation, Integer.toString(status), name);
    }

    private static void share(OpenAPI openApi, String name, Supplier<ApiResponse> response) {
        if (openApi.getComponents().getResponses() == null || !openApi.getComponents().getResponses().containsKey(name)) {
            openApi.getComponents().addResponses(name, response.get());
        }
    }

    private static void reference(Operation operation, String key, String name) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (!operation.getResponses().containsKey(key)) {
            operation.getResponses().addApiResponse(key, new ApiResponse().$ref("#/components/responses/" + name));
        }
    }

    /** A problem response with this description. */
    public static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    /** The codes answered with this HTTP status, in the enum's order. */
    public static List<ErrorCode> codes(int status) {
        return Arrays.stream(ErrorCode.values())
                .filter(code -> Problems.status(code.category()).value() == status)
                .toList();
    }

    private static String codeList(List<ErrorCode> codes) {
        return codes.isEmpty() ? "" : ". Codes: " + codes.stream().map(ErrorCode::name).collect(Collectors.joining(", "));
    }

    private static void addServerErrors(OpenAPI openApi, Operation operation) {
        share(openApi, "ServerError", () -> {
            List<ErrorCode> codes = new ArrayList<>();
            for (ErrorCode code : ErrorCode.values()) {
                if (Problems.status(code.category()).is5xxServerError()) {
                    codes.add(code);
                }
            }
            return problem("A fault of the platform or an unavailable dependency (500, 503)" + codeList(codes));
        });
        reference(operation, "5XX", "ServerError");
    }

    private static Map<PathItem.HttpMethod, Operation> operations(PathItem item) {
        return item.readOperationsMap();
    }

    /** RFC 9457 problem details plus the platform's stable {@code code} and its {@code number}. */
    static Schema<?> problemSchema() {
        StringSchema code = new StringSchema();
        code.setDescription("The stable error code (never reused).");
        code.setEnum(Arrays.stream(ErrorCode.values()).map(ErrorCode::name).toList());
        return new ObjectSchema()
                .description("An error (RFC 9457 problem details) with the platform's stable code.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("urn:shuyu:error:<code in lower case with dashes>"))
                .addProperty("title", new StringSchema().description("The HTTP status's reason phrase."))
                .addProperty("status", new IntegerSchema().description("The HTTP status."))
                .addProperty("detail", new StringSchema().description("What went wrong, for a person."))
                .addProperty("instance", new StringSchema().format("uri").description("The request's path."))
                .addProperty("code", code)
                .addProperty("number", new IntegerSchema().description("The code's number."))
                .addProperty("field", new StringSchema()
                        .description("For input errors about one field: its path in the request body."))
                .required(List.of("type", "title", "status", "code", "number"));
    }
}
