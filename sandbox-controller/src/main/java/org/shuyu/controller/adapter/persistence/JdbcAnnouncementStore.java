package org.shuyu.controller.adapter.persistence;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.shuyu.controller.announcement.Announcement;
import org.shuyu.controller.announcement.AnnouncementStore;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Calls for applications on the controller's database; priority domains are stored comma-separated. */
@Repository
public class JdbcAnnouncementStore implements AnnouncementStore {
    private static final String SELECT = """
            SELECT id, title, body, conditions, priority_domains, jurisdiction, opens_on, closes_on, published_at, published_by
            FROM announcements""";

    private final JdbcClient jdbc;

    public JdbcAnnouncementStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Announcement> find(String id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(JdbcAnnouncementStore::announcement).optional();
    }

    @Override
    public List<Announcement> all() {
        return jdbc.sql(SELECT + " ORDER BY published_at DESC, id").query(JdbcAnnouncementStore::announcement).list();
    }

    @Override
    public void insert(Announcement a) {
        jdbc.sql("""
                INSERT INTO announcements (id, title, body, conditions, priority_domains, jurisdiction, opens_on, closes_on,
                    published_at, published_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.id(), a.title(), a.body(), a.conditions(),
                        a.priorityDomains().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                        a.jurisdiction().code(), Date.valueOf(a.opensOn()), Date.valueOf(a.closesOn()),
                        Timestamp.from(a.publishedAt()), a.publishedBy())
                .update();
    }

    private static Announcement announcement(ResultSet rs, int n) throws SQLException {
        EnumSet<PriorityDomain> domains = EnumSet.noneOf(PriorityDomain.class);
        Arrays.stream(rs.getString("priority_domains").split(",")).filter(s -> !s.isBlank())
                .forEach(s -> domains.add(PriorityDomain.valueOf(s)));
        return new Announcement(rs.getString("id"), rs.getString("title"), rs.getString("body"), rs.getString("conditions"),
                domains, new Jurisdiction(rs.getString("jurisdiction")), rs.getObject("opens_on", LocalDate.class),
                rs.getObject("closes_on", LocalDate.class), rs.getTimestamp("published_at").toInstant(),
                rs.getString("published_by"));
    }
}
