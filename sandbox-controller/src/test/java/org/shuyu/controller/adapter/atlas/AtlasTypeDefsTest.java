package org.shuyu.controller.adapter.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.TransformationKind;

/**
 * Our type definitions (src/main/resources/atlas/shuyu-typedefs.json) against Atlas's own base model (the fixture in
 * src/test/resources/atlas/, copied from apache/atlas): they load the way Atlas's TypesREST would accept them.
 */
@Tag("R-24c")
class AtlasTypeDefsTest {
    private static Map<String, Object> ours() {
        return new LinkedHashMap<>(AtlasDeliverer.typeDefinitions());
    }

    @Test
    void theBaseModelFixtureHasTheTypesWeExtend() {
        AtlasTypeSystem atlas = AtlasTypeSystem.withBaseModel();
        assertThat(atlas.entities).containsKeys("Referenceable", "Asset", "DataSet", "Process");
        assertThat(atlas.attributes("Process")).containsKeys("qualifiedName", "name", "description", "owner", "inputs", "outputs",
                "replicatedFrom", "displayName");
        assertThat(atlas.attributes("DataSet")).containsKeys("inputToProcesses", "outputFromProcesses");
    }

    @Test
    void ourTypeDefinitionsLoadOnTheBaseModel() {
        AtlasTypeSystem atlas = AtlasTypeSystem.withBaseModel();
        assertThat(atlas.add(ours())).isEmpty();
        assertThat(atlas.isA(AtlasNames.DATASET, "DataSet")).isTrue();
        assertThat(atlas.isA(AtlasNames.COLUMN, "DataSet")).isTrue();
        assertThat(atlas.isA(AtlasNames.PROCESS, "Process")).isTrue();
        assertThat(atlas.isA(AtlasNames.COLUMN_LINEAGE, "Process")).isTrue();
        // The relationship ends became attributes of the end types, as in hive_table_columns / hive_process_column_lineage.
        assertThat(atlas.attribute(AtlasNames.DATASET, "columns").orElseThrow().typeName()).isEqualTo("array<shuyu_column>");
        assertThat(atlas.attribute(AtlasNames.COLUMN, "dataset").orElseThrow().optional()).isFalse();
        assertThat(atlas.attribute(AtlasNames.COLUMN_LINEAGE, "query").orElseThrow().typeName()).isEqualTo(AtlasNames.PROCESS);
        assertThat(atlas.attribute(AtlasNames.PROCESS, "columnLineages").orElseThrow().typeName()).isEqualTo("array<shuyu_column_lineage>");
    }

    @Test
    void everyDefinitionIsInTheShuyuServiceTypeAndVersioned() {
        for (List<Map<String, Object>> defs : AtlasDeliverer.typeDefinitions().values()) {
            for (Map<String, Object> def : defs) {
                assertThat(def.get("name").toString()).startsWith("shuyu_");
                assertThat(def.get("serviceType")).isEqualTo("shuyu");
                assertThat(def.get("typeVersion")).isNotNull();
            }
        }
    }

    @Test
    void noAttributeRedefinesAnInheritedOne() {
        AtlasTypeSystem atlas = AtlasTypeSystem.withBaseModel();
        for (Map<String, Object> def : AtlasTypeSystem.list(ours(), "entityDefs")) {
            Set<String> inherited = new HashSet<>();
            for (Object superType : AtlasTypeSystem.objects(def, "superTypes")) {
                inherited.addAll(atlas.attributes(superType.toString()).keySet());
            }
            for (Map<String, Object> attribute : AtlasTypeSystem.list(def, "attributeDefs")) {
                assertThat(inherited).as(def.get("name") + "." + attribute.get("name")).doesNotContain(attribute.get("name").toString());
                assertThat(AtlasTypeSystem.DSL_KEYWORDS).doesNotContain(attribute.get("name").toString());
            }
        }
    }

    @Test
    void theCheckerRefusesWhatAtlasRefuses() {
        AtlasTypeSystem atlas = AtlasTypeSystem.withBaseModel();
        List<String> problems = new ArrayList<>();
        problems.addAll(atlas.add(Map.of("entityDefs", List.of(Map.of("name", "x_table", "superTypes", List.of("NoSuchType"))))));
        problems.addAll(atlas.add(Map.of("entityDefs", List.of(Map.of("name", "x_proc", "superTypes", List.of("Process"),
                "attributeDefs", List.of(Map.of("name", "inputs", "typeName", "string", "cardinality", "SINGLE")))))));
        problems.addAll(atlas.add(Map.of("entityDefs", List.of(Map.of("name", "x_set", "superTypes", List.of("DataSet"),
                "attributeDefs", List.of(Map.of("name", "size", "typeName", "no_such_type", "cardinality", "SINGLE")))))));
        problems.addAll(atlas.add(Map.of("relationshipDefs", List.of(Map.of("name", "x_rel", "relationshipCategory", "COMPOSITION",
                "endDef1", Map.of("type", "DataSet", "name", "parts", "isContainer", false, "cardinality", "SET"),
                "endDef2", Map.of("type", "nowhere", "name", "whole", "isContainer", false, "cardinality", "SINGLE"))))));
        problems.addAll(atlas.add(Map.of("entityDefs", List.of(Map.of("name", "DataSet")))));
        assertThat(problems).anyMatch(p -> p.contains("superType NoSuchType"))
                .anyMatch(p -> p.contains("x_proc.inputs: clashes"))
                .anyMatch(p -> p.contains("unknown type no_such_type"))
                .anyMatch(p -> p.contains("end type nowhere"))
                .anyMatch(p -> p.contains("needs a container end"))
                .anyMatch(p -> p.contains("MULTIPLE_PARENTS"))
                .anyMatch(p -> p.equals("exists: DataSet"));
    }

    @Test
    void attributesDocumentTheValuesOfOurEnums() {
        // Values are strings (so a new enum constant never makes Atlas refuse a payload); their descriptions name the enum.
        Map<String, String> descriptions = AtlasTypeSystem.list(ours(), "entityDefs").stream()
                .flatMap(d -> AtlasTypeSystem.list(d, "attributeDefs").stream().map(a -> Map.entry(d.get("name") + "." + a.get("name"),
                        String.valueOf(a.get("description")))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (DatasetKind kind : EnumSet.allOf(DatasetKind.class)) {
            assertThat(descriptions.get("shuyu_dataset.kind")).contains(kind.name());
        }
        for (LineageProcess.State state : LineageProcess.State.values()) {
            assertThat(descriptions.get("shuyu_process.state")).contains(state.name());
        }
        assertThat(descriptions.get("shuyu_column_lineage.dependencyType")).contains(TransformationKind.class.getName());
    }
}
