package org.shuyu.controller.personnel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A person of an operator and their vetting: which of the four items are recorded, each with its date and
 * evidence reference. The person is known by the user id their token carries ({@code preferred_username}).
 */
public record PersonnelRecord(
        String organizationId,
        String userId,
        String name,
        Map<VettingItem, Entry> items,
        Instant updatedAt,
        String updatedBy) {

    public PersonnelRecord {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(items, "items is null");
        items = items.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(items));
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(updatedBy, "updatedBy is null");
    }

    /** The items not recorded, in the order of {@link VettingItem}. */
    public List<VettingItem> missing() {
        return Arrays.stream(VettingItem.values()).filter(item -> !items.containsKey(item)).toList();
    }

    public boolean vetted() {
        return missing().isEmpty();
    }

    /** One recorded item: when it was completed, a reference to its evidence, and who recorded it when. */
    public record Entry(LocalDate completedOn, String evidence, Instant recordedAt, String recordedBy) {
        public Entry {
            requireNonNull(completedOn, "completedOn is null");
            requireNonNull(evidence, "evidence is null");
            requireNonNull(recordedAt, "recordedAt is null");
            requireNonNull(recordedBy, "recordedBy is null");
        }

        /** Same date and evidence: re-sending an unchanged item is not a change. */
        boolean sameAs(Entry other) {
            return completedOn.equals(other.completedOn) && evidence.equals(other.evidence);
        }
    }
}
