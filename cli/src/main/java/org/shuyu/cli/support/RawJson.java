package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.shuyu.client.ApiClient;
import org.shuyu.client.ApiException;

/**
 * A GET whose JSON answer the generated client cannot read yet: operations the spec still declares as
 * {@code type: string} although they answer a JSON object (table preview, workspace policies), which the generated
 * code would try to read as a JSON string. Same client, base URL, token and timeouts as the generated calls; errors
 * become {@link ApiException}s so {@link Failures} shows them like any other. Once those operations are typed in
 * {@code api/openapi.yaml}, the commands can call the generated method and read it through {@link Json#tree}.
 */
public final class RawJson {
    private RawJson() {}

    /** GET {@code path} (relative to the server, already encoded, with its query) as JSON. */
    public static JsonNode get(ApiClient client, String path) throws ApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getBaseUri() + path))
                .header("Accept", "application/json").GET();
        if (client.getReadTimeout() != null) {
            request.timeout(client.getReadTimeout());
        }
        if (client.getRequestInterceptor() != null) {
            client.getRequestInterceptor().accept(request);
        }
        try {
            HttpResponse<String> response = client.getHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new ApiException(response.statusCode(), "GET " + path + " -> " + response.statusCode(),
                        response.headers(), response.body());
            }
            return Json.tree(response.body());
        } catch (IOException e) {
            throw new ApiException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(e);
        }
    }

    /** A path segment, percent-encoded. */
    public static String segment(String value) {
        return ApiClient.urlEncode(value);
    }
}
