package org.shuyu.controller.adapter.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;

/** The embedded mode's demo users, one or more per role. They exist only behind the development issuer. */
public final class DemoUsers {
    public record DemoUser(String username, String name, Set<Role> roles, Optional<Jurisdiction> jurisdiction) {
        public DemoUser {
            roles = Set.copyOf(roles);
        }
    }

    private static final Jurisdiction YINZHOU = new Jurisdiction("330212");
    private static final Jurisdiction MUNICIPAL = Jurisdiction.MUNICIPAL;

    public static final List<DemoUser> ALL = List.of(
            user("admin", "Wang Min (data authority, municipal)", Role.AUTHORITY, MUNICIPAL),
            user("county-admin", "Zhou Lei (data authority, Yinzhou)", Role.AUTHORITY, YINZHOU),
            user("provider", "Chen Hui (market regulation bureau)", Role.PROVIDER, MUNICIPAL),
            user("provider-tax", "Lin Fang (tax bureau)", Role.PROVIDER, MUNICIPAL),
            user("applicant", "Li Qiang (accountable person, Haixin Data)", Role.APPLICANT, MUNICIPAL),
            user("applicant2", "Xu Jing (accountable person, Yongjiang Analytics)", Role.APPLICANT, YINZHOU),
            user("engineer", "Zhang Wei (engineer, Haixin Data)", Role.ENGINEER, MUNICIPAL),
            user("engineer2", "Sun Yu (engineer, Yongjiang Analytics)", Role.ENGINEER, YINZHOU),
            user("expert", "Prof. Huang (expert reviewer)", Role.EXPERT, MUNICIPAL),
            user("expert2", "Dr. Ma (expert reviewer)", Role.EXPERT, MUNICIPAL),
            user("security", "Officer Zhao (security supervisor)", Role.SECURITY, MUNICIPAL),
            user("coordination", "Municipal coordination body secretariat", Role.COORDINATION, MUNICIPAL),
            user("county-coordination", "Yinzhou coordination body secretariat", Role.COORDINATION, YINZHOU),
            user("leading-group", "Municipal leading group office", Role.LEADING_GROUP, MUNICIPAL));

    private DemoUsers() {}

    public static Optional<DemoUser> find(String username) {
        return ALL.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    private static DemoUser user(String username, String name, Role role, Jurisdiction jurisdiction) {
        return new DemoUser(username, name, Set.of(role), Optional.of(jurisdiction));
    }
}
