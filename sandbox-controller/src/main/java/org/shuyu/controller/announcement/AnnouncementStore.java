package org.shuyu.controller.announcement;

import java.util.List;
import java.util.Optional;

/** Port: where calls for applications are stored. Inserts join the caller's transaction. */
public interface AnnouncementStore {
    Optional<Announcement> find(String id);

    /** Newest first. */
    List<Announcement> all();

    void insert(Announcement announcement);
}
