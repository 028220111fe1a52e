package org.shuyu.controller.adapter.atlas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Atlas's type system rules, as far as the mirror relies on them, written from Atlas's source
 * (intg/.../type/AtlasTypeUtil, AtlasStructType, AtlasEntityType, AtlasRelationshipType.validateAtlasRelationshipDef,
 * repository/.../AtlasAbstractDefStoreV2, query/AtlasDSL's reserved keywords), over Atlas's own base model (the
 * fixture src/test/resources/atlas/, see its README). {@link #add} checks a AtlasTypesDef the way Atlas's TypesREST
 * would before accepting it; the fake server and the contract test share it.
 */
final class AtlasTypeSystem {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "short", "int", "long", "float", "double", "biginteger",
            "bigdecimal", "string", "date", "object");
    /** AtlasDSL.Parser's reserved keywords: refused as attribute names when atlas.types.allowReservedKeywords=false. */
    static final Set<String> DSL_KEYWORDS = Set.of("[", "]", "(", ")", "=", "<", ">", "!=", "<=", ">=", ",", "and", "or", "+", "-",
            "*", "/", ".", "select", "from", "where", "groupby", "loop", "isa", "is", "has", "as", "times", "withPath", "limit",
            "offset", "orderby", "count", "max", "min", "sum", "by", "order", "like");
    private static final Pattern TYPE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_ ]*");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    private static final Set<String> CARDINALITIES = Set.of("SINGLE", "LIST", "SET");
    private static final Set<String> CATEGORIES = Set.of("ASSOCIATION", "AGGREGATION", "COMPOSITION");

    /** An attribute of an entity type, declared or from a relationship end. */
    record Attribute(String name, String typeName, boolean optional, String declaredBy, boolean relationship, boolean legacy) {}

    final Map<String, Map<String, Object>> enums = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> structs = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> classifications = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> entities = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> relationships = new LinkedHashMap<>();

    /** Atlas's base model with the patches that add attributes to its entity types. */
    static AtlasTypeSystem withBaseModel() {
        AtlasTypeSystem types = new AtlasTypeSystem();
        List<String> problems = types.add(resource("/atlas/0010-base_model.json"), true);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the base model fixture does not load: " + problems);
        }
        for (String patch : List.of("/atlas/001-base_model_replication_attributes.json", "/atlas/005-base_model_add_display_attributes.json")) {
            types.patch(resource(patch));
        }
        return types;
    }

    static Map<String, Object> resource(String name) {
        try (InputStream in = AtlasTypeSystem.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing");
            }
            return JSON.readValue(in, new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> parse(String json) {
        return JSON.readValue(json, new TypeReference<>() {});
    }

    boolean exists(String name) {
        return enums.containsKey(name) || structs.containsKey(name) || classifications.containsKey(name) || entities.containsKey(name)
                || relationships.containsKey(name);
    }

    List<Map<String, String>> headers() {
        List<Map<String, String>> headers = new ArrayList<>();
        enums.keySet().forEach(n -> headers.add(Map.of("name", n, "category", "ENUM", "guid", "g-" + n)));
        structs.keySet().forEach(n -> headers.add(Map.of("name", n, "category", "STRUCT", "guid", "g-" + n)));
        classifications.keySet().forEach(n -> headers.add(Map.of("name", n, "category", "CLASSIFICATION", "guid", "g-" + n)));
        entities.keySet().forEach(n -> headers.add(Map.of("name", n, "category", "ENTITY", "guid", "g-" + n)));
        relationships.keySet().forEach(n -> headers.add(Map.of("name", n, "category", "RELATIONSHIP", "guid", "g-" + n)));
        return headers;
    }

    /** Applies ADD_ATTRIBUTE patches (addons/models/.../patches). */
    @SuppressWarnings("unchecked")
    void patch(Map<String, Object> patches) {
        for (Map<String, Object> patch : (List<Map<String, Object>>) patches.get("patches")) {
            if ("ADD_ATTRIBUTE".equals(patch.get("action")) && entities.containsKey(patch.get("typeName"))) {
                Map<String, Object> def = entities.get(patch.get("typeName"));
                List<Map<String, Object>> attributes = new ArrayList<>(list(def, "attributeDefs"));
                attributes.addAll((List<Map<String, Object>>) patch.get("attributeDefs"));
                def.put("attributeDefs", attributes);
            }
        }
    }

    /**
     * Adds the definitions of an AtlasTypesDef, all or nothing; the problems Atlas would answer with (a type that
     * exists is the 409 case: "exists: name").
     */
    List<String> add(Map<String, Object> typesDef) {
        return add(typesDef, false);
    }

    /** {@code system}: Atlas's own model, whose internal types ({@code __internal}) are exempt from the name rule. */
    private List<String> add(Map<String, Object> typesDef, boolean system) {
        List<String> problems = new ArrayList<>();
        AtlasTypeSystem next = copy();
        for (String category : List.of("enumDefs", "structDefs", "classificationDefs", "entityDefs", "relationshipDefs")) {
            for (Map<String, Object> def : list(typesDef, category)) {
                String name = String.valueOf(def.get("name"));
                if (!TYPE_NAME.matcher(system ? name.replaceFirst("^__", "") : name).matches()) {
                    problems.add(name + ": invalid type name");
                }
                if (next.exists(name)) {
                    problems.add("exists: " + name);
                    continue;
                }
                Map<String, Object> copy = new LinkedHashMap<>(def);
                switch (category) {
                    case "enumDefs" -> next.enums.put(name, copy);
                    case "structDefs" -> next.structs.put(name, copy);
                    case "classificationDefs" -> next.classifications.put(name, copy);
                    case "entityDefs" -> next.entities.put(name, copy);
                    default -> next.relationships.put(name, copy);
                }
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        for (Map<String, Object> def : list(typesDef, "entityDefs")) {
            next.checkEntity(def, problems);
        }
        for (Map<String, Object> def : list(typesDef, "structDefs")) {
            next.checkAttributes(String.valueOf(def.get("name")), list(def, "attributeDefs"), Set.of(), problems);
        }
        for (Map<String, Object> def : list(typesDef, "relationshipDefs")) {
            next.checkRelationship(def, problems);
        }
        if (problems.isEmpty()) {
            enums.putAll(next.enums);
            structs.putAll(next.structs);
            classifications.putAll(next.classifications);
            entities.putAll(next.entities);
            relationships.putAll(next.relationships);
        }
        return problems;
    }

    private AtlasTypeSystem copy() {
        AtlasTypeSystem copy = new AtlasTypeSystem();
        copy.enums.putAll(enums);
        copy.structs.putAll(structs);
        copy.classifications.putAll(classifications);
        copy.entities.putAll(entities);
        copy.relationships.putAll(relationships);
        return copy;
    }

    private void checkEntity(Map<String, Object> def, List<String> problems) {
        String name = String.valueOf(def.get("name"));
        Set<String> inherited = new LinkedHashSet<>();
        for (Object superType : objects(def, "superTypes")) {
            if (!entities.containsKey(String.valueOf(superType))) {
                problems.add(name + ": superType " + superType + " is not an entity type");
            } else {
                allSuperTypes(String.valueOf(superType)).forEach(t -> list(entities.get(t), "attributeDefs")
                        .forEach(a -> inherited.add(String.valueOf(a.get("name")))));
            }
        }
        checkAttributes(name, list(def, "attributeDefs"), inherited, problems);
    }

    private void checkAttributes(String owner, List<Map<String, Object>> attributes, Set<String> inherited, List<String> problems) {
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> attribute : attributes) {
            String name = String.valueOf(attribute.get("name"));
            if (!ATTRIBUTE_NAME.matcher(name).matches() || DSL_KEYWORDS.contains(name)) {
                problems.add(owner + "." + name + ": invalid attribute name");
            }
            if (!seen.add(name)) {
                problems.add(owner + "." + name + ": defined twice");
            }
            if (inherited.contains(name)) {
                problems.add(owner + "." + name + ": clashes with an inherited attribute");
            }
            if (!validType(String.valueOf(attribute.get("typeName")))) {
                problems.add(owner + "." + name + ": unknown type " + attribute.get("typeName"));
            }
            Object cardinality = attribute.getOrDefault("cardinality", "SINGLE");
            if (!CARDINALITIES.contains(String.valueOf(cardinality))) {
                problems.add(owner + "." + name + ": invalid cardinality " + cardinality);
            }
        }
    }

    private void checkRelationship(Map<String, Object> def, List<String> problems) {
        String name = String.valueOf(def.get("name"));
        Object category = def.getOrDefault("relationshipCategory", "ASSOCIATION");
        if (!CATEGORIES.contains(String.valueOf(category))) {
            problems.add(name + ": invalid relationshipCategory " + category);
        }
        Map<String, Object> end1 = map(def, "endDef1");
        Map<String, Object> end2 = map(def, "endDef2");
        for (Map<String, Object> end : List.of(end1, end2)) {
            String type = String.valueOf(end.get("type"));
            String endName = String.valueOf(end.get("name"));
            if (!entities.containsKey(type)) {
                problems.add(name + ": end type " + type + " is not an entity type");
                continue;
            }
            if (!CARDINALITIES.contains(String.valueOf(end.get("cardinality")))) {
                problems.add(name + ": end " + endName + " has an invalid cardinality");
            }
            if ("LIST".equals(end.get("cardinality"))) {
                problems.add(name + ": RELATIONSHIPDEF_LIST_ON_END");
            }
            Optional<Attribute> existing = attribute(type, endName).filter(a -> !a.relationship());
            if (existing.isPresent() && !Boolean.TRUE.equals(end.get("isLegacyAttribute"))) {
                problems.add(name + ": end " + type + "." + endName + " clashes with an attribute of " + existing.get().declaredBy());
            }
            for (Map.Entry<String, Map<String, Object>> other : relationships.entrySet()) {
                if (other.getKey().equals(name)) {
                    continue;
                }
                for (Map<String, Object> otherEnd : List.of(map(other.getValue(), "endDef1"), map(other.getValue(), "endDef2"))) {
                    String otherType = String.valueOf(otherEnd.get("type"));
                    if (endName.equals(otherEnd.get("name")) && (isA(type, otherType) || isA(otherType, type))) {
                        problems.add(name + ": end " + type + "." + endName + " is also an end of " + other.getKey()
                                + " (references would need a relationshipType)");
                    }
                }
            }
        }
        boolean container1 = Boolean.TRUE.equals(end1.get("isContainer"));
        boolean container2 = Boolean.TRUE.equals(end2.get("isContainer"));
        if (container1 && container2) {
            problems.add(name + ": RELATIONSHIPDEF_DOUBLE_CONTAINERS");
        }
        if ((container1 || container2) && "ASSOCIATION".equals(category)) {
            problems.add(name + ": RELATIONSHIPDEF_ASSOCIATION_AND_CONTAINER");
        }
        if (!container1 && !container2 && !"ASSOCIATION".equals(category)) {
            problems.add(name + ": " + category + " needs a container end");
        }
        if ("COMPOSITION".equals(category)) {
            for (Map<String, Object> end : List.of(end1, end2)) {
                if ("SET".equals(end.get("cardinality")) && !Boolean.TRUE.equals(end.get("isContainer"))) {
                    problems.add(name + ": RELATIONSHIPDEF_COMPOSITION_MULTIPLE_PARENTS");
                }
            }
        }
    }

    boolean validType(String typeName) {
        if (PRIMITIVES.contains(typeName) || enums.containsKey(typeName) || structs.containsKey(typeName) || entities.containsKey(typeName)) {
            return true;
        }
        if (typeName.startsWith("array<") && typeName.endsWith(">")) {
            return validType(typeName.substring(6, typeName.length() - 1));
        }
        if (typeName.startsWith("map<") && typeName.endsWith(">")) {
            String inner = typeName.substring(4, typeName.length() - 1);
            int comma = inner.indexOf(',');
            return comma > 0 && validType(inner.substring(0, comma).strip()) && validType(inner.substring(comma + 1).strip());
        }
        return false;
    }

    /** The type and its supertypes, nearest first. */
    List<String> allSuperTypes(String type) {
        List<String> result = new ArrayList<>();
        result.add(type);
        for (Object superType : objects(entities.getOrDefault(type, Map.of()), "superTypes")) {
            for (String t : allSuperTypes(String.valueOf(superType))) {
                if (!result.contains(t)) {
                    result.add(t);
                }
            }
        }
        return result;
    }

    boolean isA(String type, String superType) {
        return entities.containsKey(type) && allSuperTypes(type).contains(superType);
    }

    /** Every attribute of an entity type: declared on it or a supertype, and the relationship ends it has. */
    Map<String, Attribute> attributes(String type) {
        Map<String, Attribute> result = new LinkedHashMap<>();
        for (String t : allSuperTypes(type)) {
            for (Map<String, Object> a : list(entities.get(t), "attributeDefs")) {
                String name = String.valueOf(a.get("name"));
                result.putIfAbsent(name, new Attribute(name, String.valueOf(a.get("typeName")),
                        !Boolean.FALSE.equals(a.getOrDefault("isOptional", true)), t, false, false));
            }
        }
        for (Map<String, Object> r : relationships.values()) {
            addEnd(result, type, map(r, "endDef1"), map(r, "endDef2"), String.valueOf(r.get("relationshipCategory")));
            addEnd(result, type, map(r, "endDef2"), map(r, "endDef1"), String.valueOf(r.get("relationshipCategory")));
        }
        return result;
    }

    private void addEnd(Map<String, Attribute> result, String type, Map<String, Object> end, Map<String, Object> other, String category) {
        String endType = String.valueOf(end.get("type"));
        if (!isA(type, endType)) {
            return;
        }
        String name = String.valueOf(end.get("name"));
        String target = String.valueOf(other.get("type"));
        String typeName = "SET".equals(end.get("cardinality")) ? "array<" + target + ">" : target;
        boolean legacy = Boolean.TRUE.equals(end.get("isLegacyAttribute"));
        // AtlasRelationshipType.addRelationshipAttributeToEndType: the child end of a composition is mandatory.
        boolean optional = !("COMPOSITION".equals(category) && !Boolean.TRUE.equals(end.get("isContainer")));
        result.putIfAbsent(name, new Attribute(name, typeName, optional, endType, true, legacy));
    }

    Optional<Attribute> attribute(String type, String name) {
        return Optional.ofNullable(attributes(type).get(name));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> objects(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
