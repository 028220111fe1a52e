package org.shuyu.controller.adapter.atlas;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pure mapping of the lineage model to Atlas REST v2 requests (docs/atlas.md): a statement's START becomes its
 * datasets, their columns, the {@code shuyu_process} and one {@code shuyu_column_lineage} per output column, in bulk
 * requests of at most {@code maxEntities} entities, in an order where every reference points to an entity of the
 * same request (by a temporary negative guid, as Atlas requires) or of an earlier one (by qualifiedName).
 */
public final class AtlasEntityMapper {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final AtlasNames names;
    private final int maxEntities;

    public AtlasEntityMapper(AtlasNames names, int maxEntities) {
        this.names = requireNonNull(names, "names is null");
        if (maxEntities < 2) {
            throw new IllegalArgumentException("maxEntities must be at least 2");
        }
        this.maxEntities = maxEntities;
    }

    public AtlasNames names() {
        return names;
    }

    /** A reference to another entity by its type and qualifiedName. */
    record Ref(String typeName, String qualifiedName) {}

    /** An entity before it is written: references are {@link Ref}s (or lists of them) until a request is built. */
    record Entity(String typeName, String qualifiedName, Map<String, Object> attributes, Map<String, Object> relationshipAttributes) {}

    /** The requests that mirror a stored START: entities in bulk requests, in dependency order. */
    public List<AtlasRequest> started(LineageProcess process, LineageEvent start) {
        requireNonNull(process, "process is null");
        requireNonNull(start, "start is null");
        if (start.phase() != LineageEvent.Phase.START) {
            throw new IllegalArgumentException("not a START event: " + start.phase());
        }
        String processName = names.process(process);
        String workspaceId = process.workspaceId();

        Map<String, Entity> datasets = new LinkedHashMap<>();
        Map<String, Entity> columns = new LinkedHashMap<>();
        for (InputDataset input : start.inputs()) {
            datasets.computeIfAbsent(input.name(), n -> dataset(n, input.kind(), workspaceId));
            for (String column : input.columns()) {
                addColumn(columns, new ColumnRef(input.name(), column));
            }
        }
        for (OutputDataset output : start.outputs()) {
            Entity dataset = dataset(output.name(), output.kind(), workspaceId);
            dataset.attributes().put("lastWriteMode", output.mode().name());
            dataset.attributes().put("lastWrittenBy", processName);
            if (output.mode() == WriteMode.CREATE || output.mode() == WriteMode.OVERWRITE) {
                // New content: whatever quarantined the previous version no longer applies. An APPEND keeps the flag.
                dataset.attributes().put("quarantined", false);
            }
            datasets.put(output.name(), dataset);
            for (String column : output.columns()) {
                addColumn(columns, new ColumnRef(output.name(), column));
            }
        }
        Map<ColumnRef, List<ColumnEdge>> byTarget = new LinkedHashMap<>();
        for (ColumnEdge edge : start.edges()) {
            addColumn(columns, edge.source());
            addColumn(columns, edge.target());
            byTarget.computeIfAbsent(edge.target(), t -> new ArrayList<>()).add(edge);
        }

        Map<String, Object> processAttributes = new LinkedHashMap<>();
        processAttributes.put("qualifiedName", processName);
        processAttributes.put("name", process.id());
        processAttributes.put("description", process.statement().name() + " of job " + process.jobId() + ", step " + process.step());
        processAttributes.put("owner", process.user());
        processAttributes.put("jobId", process.jobId());
        processAttributes.put("step", process.step());
        processAttributes.put("statement", process.statement().name());
        processAttributes.put("workspace", process.workspaceId());
        if (process.grantId() != null && !process.grantId().isBlank()) {
            processAttributes.put("grant", process.grantId());
        }
        processAttributes.put("organization", process.organizationId());
        processAttributes.put("user", process.user());
        processAttributes.put("startTime", process.startedAt().toEpochMilli());
        if (process.endedAt() != null) {
            processAttributes.put("endTime", process.endedAt().toEpochMilli());
        }
        processAttributes.put("state", process.state().name());
        processAttributes.put("inputs", start.inputs().stream().map(i -> new Ref(AtlasNames.DATASET, names.dataset(i.name()))).toList());
        processAttributes.put("outputs", start.outputs().stream().map(o -> new Ref(AtlasNames.DATASET, names.dataset(o.name()))).toList());
        Entity processEntity = new Entity(AtlasNames.PROCESS, processName, processAttributes, new LinkedHashMap<>());

        List<Entity> lineages = new ArrayList<>();
        byTarget.forEach((target, edges) -> lineages.add(columnLineage(process, processName, target, edges)));

        List<Entity> all = new ArrayList<>(datasets.values());
        all.addAll(columns.values());
        all.add(processEntity);
        all.addAll(lineages);
        List<AtlasRequest> requests = new ArrayList<>();
        for (int from = 0; from < all.size(); from += maxEntities) {
            List<Entity> chunk = all.subList(from, Math.min(all.size(), from + maxEntities));
            requests.add(new AtlasRequest(AtlasRequest.Kind.ENTITIES, processName, bulk(chunk)));
        }
        return List.copyOf(requests);
    }

    /** The partial update of the process when its statement ended. */
    public AtlasRequest ended(LineageProcess process) {
        requireNonNull(process, "process is null");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("state", process.state().name());
        if (process.endedAt() != null) {
            attributes.put("endTime", process.endedAt().toEpochMilli());
        }
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("typeName", AtlasNames.PROCESS);
        entity.put("attributes", attributes);
        return new AtlasRequest(AtlasRequest.Kind.PROCESS_UPDATE, names.process(process),
                JSON.writeValueAsString(Map.of("entity", entity)));
    }

    /**
     * The update that marks the outputs of a process that did not complete as quarantined ({@code outputs}: the output
     * dataset names and kinds, as {@link #outputsOf} wrote them). Empty when it wrote nothing.
     */
    public List<AtlasRequest> quarantined(LineageProcess process, List<String> outputs) {
        String processName = names.process(process);
        List<Entity> datasets = new ArrayList<>();
        for (String output : outputs) {
            int colon = output.lastIndexOf(':');
            Entity dataset = dataset(output.substring(0, colon), DatasetKind.valueOf(output.substring(colon + 1)), process.workspaceId());
            dataset.attributes().put("quarantined", true);
            dataset.attributes().put("lastWrittenBy", processName);
            datasets.add(dataset);
        }
        List<AtlasRequest> requests = new ArrayList<>();
        for (int from = 0; from < datasets.size(); from += maxEntities) {
            requests.add(new AtlasRequest(AtlasRequest.Kind.ENTITIES, processName,
                    bulk(datasets.subList(from, Math.min(datasets.size(), from + maxEntities)))));
        }
        return List.copyOf(requests);
    }

    /** What {@link #quarantined} needs to know later about a START's outputs: {@code name:KIND} per output dataset. */
    public static List<String> outputsOf(LineageEvent start) {
        return start.outputs().stream().map(o -> o.name() + ":" + o.kind().name()).distinct().toList();
    }

    private Entity dataset(String name, DatasetKind kind, String workspaceId) {
        String workspaceDatabase = Workspace.databaseFor(workspaceId);
        String database = name.substring(0, name.indexOf('.'));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("qualifiedName", names.dataset(name));
        attributes.put("name", name);
        attributes.put("database", database);
        if (kind != DatasetKind.SOURCE && database.equals(workspaceDatabase)) {
            // The workspace is known only for the statement's own workspace database; other databases are sources.
            attributes.put("workspace", workspaceId);
        }
        attributes.put("kind", kind.name());
        return new Entity(AtlasNames.DATASET, names.dataset(name), attributes, new LinkedHashMap<>());
    }

    private void addColumn(Map<String, Entity> columns, ColumnRef column) {
        String qualifiedName = names.column(column);
        columns.computeIfAbsent(qualifiedName, q -> {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("qualifiedName", q);
            attributes.put("name", column.column());
            Map<String, Object> relationships = new LinkedHashMap<>();
            // Only the column names its dataset: a dataset sent with "columns" would replace (and so delete) the others.
            relationships.put("dataset", new Ref(AtlasNames.DATASET, names.dataset(column.dataset())));
            return new Entity(AtlasNames.COLUMN, q, attributes, relationships);
        });
    }

    private Entity columnLineage(LineageProcess process, String processName, ColumnRef target, List<ColumnEdge> edges) {
        // one input may reach the target by several kinds (IDENTITY and GROUP_BY): all are kept, comma-separated
        Map<ColumnRef, EnumSet<TransformationKind>> kinds = new LinkedHashMap<>();
        for (ColumnEdge edge : edges) {
            kinds.computeIfAbsent(edge.source(), s -> EnumSet.noneOf(TransformationKind.class)).add(edge.kind());
        }
        TransformationKind strongest = kinds.values().stream().flatMap(Set::stream)
                .reduce(TransformationKind::strongest).orElseThrow();
        Map<String, String> kindByInput = new LinkedHashMap<>();
        kinds.forEach((source, set) -> kindByInput.put(names.column(source),
                String.join(",", set.stream().map(TransformationKind::name).toList())));
        String qualifiedName = names.columnLineage(process, target);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("qualifiedName", qualifiedName);
        attributes.put("name", process.id() + ":" + target);
        attributes.put("dependencyType", strongest.name());
        attributes.put("kinds", kindByInput);
        attributes.put("direct", kinds.values().stream().flatMap(Set::stream).anyMatch(TransformationKind::direct));
        attributes.put("inputs", kinds.keySet().stream().map(s -> new Ref(AtlasNames.COLUMN, names.column(s))).toList());
        attributes.put("outputs", List.of(new Ref(AtlasNames.COLUMN, names.column(target))));
        Map<String, Object> relationships = new LinkedHashMap<>();
        relationships.put("query", new Ref(AtlasNames.PROCESS, processName));
        return new Entity(AtlasNames.COLUMN_LINEAGE, qualifiedName, attributes, relationships);
    }

    /** An AtlasEntitiesWithExtInfo: entities of this request get guids -1, -2, ...; references to them carry the guid. */
    private static String bulk(List<Entity> entities) {
        Map<String, String> guids = new HashMap<>();
        for (Entity entity : entities) {
            guids.put(key(entity.typeName(), entity.qualifiedName()), "-" + (guids.size() + 1));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entity entity : entities) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("typeName", entity.typeName());
            json.put("guid", guids.get(key(entity.typeName(), entity.qualifiedName())));
            json.put("attributes", resolve(entity.attributes(), guids));
            if (!entity.relationshipAttributes().isEmpty()) {
                json.put("relationshipAttributes", resolve(entity.relationshipAttributes(), guids));
            }
            out.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entities", out);
        body.put("referredEntities", Map.of());
        return JSON.writeValueAsString(body);
    }

    private static Map<String, Object> resolve(Map<String, Object> attributes, Map<String, String> guids) {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> out.put(name, resolveValue(value, guids)));
        return out;
    }

    private static Object resolveValue(Object value, Map<String, String> guids) {
        if (value instanceof Ref ref) {
            Map<String, Object> id = new LinkedHashMap<>();
            String guid = guids.get(key(ref.typeName(), ref.qualifiedName()));
            if (guid != null) {
                id.put("guid", guid);
            }
            id.put("typeName", ref.typeName());
            id.put("uniqueAttributes", Map.of("qualifiedName", ref.qualifiedName()));
            return id;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolveValue(v, guids)).toList();
        }
        return value;
    }

    private static String key(String typeName, String qualifiedName) {
        return typeName + "\u0000" + qualifiedName;
    }
}
