package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * springdoc names a schema by the simple class name (or {@code @Schema(name)}), so two classes with the same name
 * silently share one schema in the document and the generated client. This test walks every public handler's
 * request and response types (and the types they contain) and fails when two different classes get one name.
 */
@Tag("api-contract")
class SchemaNamesTest {
    private static final List<String> PRIVATE_PATHS = List.of("/service", "/dev", "/error");

    @Test
    void everySchemaNameBelongsToOneClass() throws ClassNotFoundException {
        Map<String, Set<String>> classesByName = new TreeMap<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> controller : controllers()) {
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null || isPrivate(controller, mapping)) {
                    continue;
                }
                List<Type> roots = new ArrayList<>();
                roots.add(method.getGenericReturnType());
                for (int i = 0; i < method.getParameterCount(); i++) {
                    if (method.getParameters()[i].isAnnotationPresent(RequestBody.class)) {
                        roots.add(method.getGenericParameterTypes()[i]);
                    }
                }
                documented(method, roots);
                for (Type root : roots) {
                    walk(root, seen, classesByName);
                }
            }
        }
        Map<String, Set<String>> collisions = new TreeMap<>();
        classesByName.forEach((name, classes) -> {
            if (classes.size() > 1) {
                collisions.put(name, classes);
            }
        });
        assertThat(classesByName).as("the walk found the API's types").containsKeys("GrantDto", "JobSubmission");
        assertThat(collisions).as("schema names used by more than one class; give one of them @Schema(name = ...)")
                .isEmpty();
    }

    private static List<Class<?>> controllers() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Class<?>> out = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("org.shuyu.controller")) {
            out.add(Class.forName(candidate.getBeanClassName()));
        }
        assertThat(out).as("controllers on the class path").hasSizeGreaterThan(10);
        return out;
    }

    private static boolean isPrivate(Class<?> controller, RequestMapping mapping) {
        RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
        String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
        String[] paths = mapping.path().length == 0 ? new String[] {""} : mapping.path();
        for (String path : paths) {
            String full = prefix + path;
            if (PRIVATE_PATHS.stream().noneMatch(full::startsWith)) {
                return false;
            }
        }
        return true;
    }

    /** Types named only in annotations: {@code @ApiResponse} and {@code @RequestBody} content schemas. */
    private static void documented(Method method, List<Type> roots) {
        for (ApiResponse response : method.getAnnotationsByType(ApiResponse.class)) {
            for (Content content : response.content()) {
                roots.add(content.schema().implementation());
            }
        }
        var body = method.getAnnotation(io.swagger.v3.oas.annotations.parameters.RequestBody.class);
        if (body != null) {
            for (Content content : body.content()) {
                roots.add(content.schema().implementation());
            }
        }
    }

    private static void walk(Type type, Set<Class<?>> seen, Map<String, Set<String>> names) {
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                walk(argument, seen, names);
            }
            walk(p.getRawType(), seen, names);
            return;
        }
        if (type instanceof GenericArrayType a) {
            walk(a.getGenericComponentType(), seen, names);
            return;
        }
        if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                walk(bound, seen, names);
            }
            return;
        }
        if (!(type instanceof Class<?> c)) {
            return;
        }
        if (c.isArray()) {
            walk(c.getComponentType(), seen, names);
            return;
        }
        if (c.isPrimitive() || c.isEnum() || c == Void.class || c.getName().startsWith("java.")
                || c.getName().startsWith("org.springframework.") || c.getName().startsWith("tools.jackson.")
                || !seen.add(c)) {
            return;
        }
        Schema schema = c.getAnnotation(Schema.class);
        String name = schema != null && !schema.name().isEmpty() ? schema.name() : c.getSimpleName();
        names.computeIfAbsent(name, n -> new TreeSet<>()).add(c.getName());
        if (schema != null && schema.implementation() != Void.class) {
            walk(schema.implementation(), seen, names);
        }
        if (c.isRecord()) {
            for (RecordComponent component : c.getRecordComponents()) {
                walk(component.getGenericType(), seen, names);
                Schema inner = component.getAccessor().getAnnotation(Schema.class);
                Schema field = fieldSchema(c, component.getName());
                for (Schema s : new Schema[] {inner, field}) {
                    if (s != null && s.implementation() != Void.class) {
                        walk(s.implementation(), seen, names);
                    }
                }
            }
        } else {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    walk(field.getGenericType(), seen, names);
                }
            }
        }
    }

    private static Schema fieldSchema(Class<?> record, String name) {
        try {
            return record.getDeclaredField(name).getAnnotation(Schema.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
