package org.shuyu.controller.adapter.persistence;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.personnel.PersonnelRecord;
import org.shuyu.controller.personnel.PersonnelStore;
import org.shuyu.controller.personnel.VettingItem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Personnel vetting records on the controller's database (PostgreSQL or H2). */
@Repository
public class JdbcPersonnelStore implements PersonnelStore {
    private final JdbcClient jdbc;

    public JdbcPersonnelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Person(String organizationId, String userId, String name, Instant updatedAt, String updatedBy) {}

    @Override
    public Optional<PersonnelRecord> find(String organizationId, String userId) {
        return people("WHERE organization_id = ? AND user_id = ?", "", organizationId, userId).stream().findFirst();
    }

    @Override
    public Optional<PersonnelRecord> lock(String organizationId, String userId) {
        return people("WHERE organization_id = ? AND user_id = ?", " FOR UPDATE", organizationId, userId).stream().findFirst();
    }

    @Override
    public List<PersonnelRecord> all(String organizationId) {
        return people("WHERE organization_id = ?", "", organizationId);
    }

    @Override
    public void put(PersonnelRecord r) {
        int updated = jdbc.sql("UPDATE personnel SET name = ?, updated_at = ?, updated_by = ? WHERE organization_id = ? AND user_id = ?")
                .params(r.name(), Timestamp.from(r.updatedAt()), r.updatedBy(), r.organizationId(), r.userId())
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO personnel (organization_id, user_id, name, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)")
                    .params(r.organizationId(), r.userId(), r.name(), Timestamp.from(r.updatedAt()), r.updatedBy())
                    .update();
        }
        jdbc.sql("DELETE FROM personnel_vetting WHERE organization_id = ? AND user_id = ?").params(r.organizationId(), r.userId()).update();
        for (Map.Entry<VettingItem, PersonnelRecord.Entry> e : r.items().entrySet()) {
            PersonnelRecord.Entry entry = e.getValue();
            jdbc.sql("INSERT INTO personnel_vetting (organization_id, user_id, item, completed_on, evidence, recorded_at, recorded_by) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(r.organizationId(), r.userId(), e.getKey().name(), Date.valueOf(entry.completedOn()),
                            entry.evidence(), Timestamp.from(entry.recordedAt()), entry.recordedBy())
                    .update();
        }
    }

    private List<PersonnelRecord> people(String where, String lock, Object... params) {
        List<Person> people = jdbc.sql("SELECT organization_id, user_id, name, updated_at, updated_by FROM personnel " + where
                        + " ORDER BY user_id" + lock)
                .params(params)
                .query((rs, n) -> new Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getString(5)))
                .list();
        if (people.isEmpty()) {
            return List.of();
        }
        Map<String, Map<VettingItem, PersonnelRecord.Entry>> items = new LinkedHashMap<>();
        jdbc.sql("SELECT user_id, item, completed_on, evidence, recorded_at, recorded_by FROM personnel_vetting " + where)
                .params(params)
                .query(rs -> {
                    items.computeIfAbsent(rs.getString(1), u -> new EnumMap<>(VettingItem.class)).put(VettingItem.valueOf(rs.getString(2)),
                            new PersonnelRecord.Entry(rs.getObject(3, LocalDate.class), rs.getString(4), rs.getTimestamp(5).toInstant(),
                                    rs.getString(6)));
                });
        List<PersonnelRecord> records = new ArrayList<>();
        for (Person p : people) {
            records.add(new PersonnelRecord(p.organizationId(), p.userId(), p.name(), items.getOrDefault(p.userId(), Map.of()),
                    p.updatedAt(), p.updatedBy()));
        }
        return records;
    }
}
