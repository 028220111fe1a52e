package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.util.UriUtils;

/**
 * Sets {@code Location} on the successful answers of {@link Created} handlers, from the handler's path template, the
 * request's path variables and the response body's record components. Error answers (problems) get none.
 */
@RestControllerAdvice
class CreatedLocation implements ResponseBodyAdvice<Object> {
    private static final Pattern VARIABLE = Pattern.compile("\\{(body\\.)?([A-Za-z][A-Za-z0-9]*)}");

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.hasMethodAnnotation(Created.class);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body == null || !(request instanceof ServletServerHttpRequest servletRequest)
                || !(response instanceof ServletServerHttpResponse servletResponse)) {
            return body;
        }
        int status = servletResponse.getServletResponse().getStatus();
        if (status < 200 || status > 299) {
            return body;
        }
        Created created = returnType.getMethodAnnotation(Created.class);
        response.getHeaders().set(HttpHeaders.LOCATION, location(created.value(), pathVariables(servletRequest.getServletRequest()), body));
        return body;
    }

    /** The template with its variables replaced; fails loudly (a programming error) when one is unknown. */
    static String location(String template, Map<String, String> pathVariables, Object body) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            Object value = m.group(1) != null ? property(body, name) : pathVariables.get(name);
            if (value == null) {
                throw new IllegalStateException("no value for " + m.group() + " in " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(UriUtils.encodePathSegment(value.toString(), "UTF-8")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object property(Object body, String name) {
        if (body.getClass().isRecord()) {
            for (RecordComponent component : body.getClass().getRecordComponents()) {
                if (component.getName().equals(name)) {
                    try {
                        return component.getAccessor().invoke(body);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + name + " of " + body.getClass().getName(), e);
                    }
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pathVariables(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }
}
