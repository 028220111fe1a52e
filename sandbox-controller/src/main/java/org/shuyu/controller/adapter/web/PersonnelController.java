package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.personnel.PersonnelRecord;
import org.shuyu.controller.personnel.PersonnelService;
import org.shuyu.controller.personnel.VettingItem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The vetting registry of an operator's people, kept by its accountable person (R-24a). */
@RestController
@RequestMapping("/api/v1/organizations/{id}/personnel")
class PersonnelController {
    private final PersonnelService personnel;
    private final CurrentActor actor;

    PersonnelController(PersonnelService personnel, CurrentActor actor) {
        this.personnel = personnel;
        this.actor = actor;
    }

    record ItemBody(LocalDate completedOn, String evidence) {}

    /** {@code items} maps an item name (PRE_JOB_TRAINING, ...) to its date and evidence; an item left out is withdrawn. */
    record PersonBody(String name, Map<String, ItemBody> items) {}

    record ItemDto(LocalDate completedOn, String evidence, Instant recordedAt, String recordedBy) {}

    record PersonDto(String organizationId, String userId, String name, boolean vetted, List<String> missing,
                     Map<String, ItemDto> items, Instant updatedAt, String updatedBy) {}

    @Operation(operationId = "listPersonnel", tags = "personnel", summary = "List an organization's personnel")
    @GetMapping
    List<PersonDto> list(@PathVariable String id) {
        return personnel.list(actor.get(), id).stream().map(PersonnelController::dto).toList();
    }

    @Operation(operationId = "getPerson", tags = "personnel", summary = "Show a person's vetting record")
    @GetMapping("/{userId}")
    PersonDto get(@PathVariable String id, @PathVariable String userId) {
        return dto(personnel.get(actor.get(), id, userId));
    }

    @Operation(operationId = "putPersonVetting", tags = "personnel", summary = "Record a person's vetting")
    @PutMapping("/{userId}")
    PersonDto put(@PathVariable String id, @PathVariable String userId, @RequestBody PersonBody body) {
        Map<VettingItem, PersonnelService.ItemInput> items = new EnumMap<>(VettingItem.class);
        if (body.items() != null) {
            body.items().forEach((name, item) -> items.put(VettingItem.parse(name).orElseThrow(() -> new SandboxException(
                    ErrorCode.UNKNOWN_VETTING_ITEM, "'" + name + "' is not a vetting item; the items of R-18 are "
                            + Arrays.toString(VettingItem.values()))),
                    item == null ? null : new PersonnelService.ItemInput(item.completedOn(), item.evidence())));
        }
        return dto(personnel.put(actor.get(), id, userId, new PersonnelService.PersonInput(body.name(), items)));
    }

    private static PersonDto dto(PersonnelRecord r) {
        Map<String, ItemDto> items = new TreeMap<>();
        r.items().forEach((item, e) -> items.put(item.name(), new ItemDto(e.completedOn(), e.evidence(), e.recordedAt(), e.recordedBy())));
        return new PersonDto(r.organizationId(), r.userId(), r.name(), r.vetted(), r.missing().stream().map(Enum::name).toList(),
                items, r.updatedAt(), r.updatedBy());
    }
}
