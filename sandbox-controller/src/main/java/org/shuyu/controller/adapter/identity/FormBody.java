package org.shuyu.controller.adapter.identity;

import java.util.Locale;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body (the OAuth endpoints and the verification page speak forms), read
 * from the request body that the edge filter has already buffered, or from the container's parameters if it parsed
 * them first. A repeated field is refused: OAuth requires each parameter at most once (RFC 6749 section 3.1).
 */
final class FormBody {
    private final Map<String, String> fields;

    private FormBody(Map<String, String> fields) {
        this.fields = fields;
    }

    static FormBody read(HttpServletRequest request) throws IOException {
        Map<String, String> fields = new HashMap<>();
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (fields.put(name, value) != null) {
                    throw new IllegalArgumentException("form field '" + name + "' is repeated");
                }
            }
        }
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 1) {
                throw new IllegalArgumentException("form field '" + name + "' is repeated");
            }
            fields.putIfAbsent(name, values.length == 0 ? "" : values[0]);
        });
        return new FormBody(fields);
    }

    String get(String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
