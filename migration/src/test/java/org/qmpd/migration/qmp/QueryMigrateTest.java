package org.qmpd.migration.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.qmpd.migration.control.Progress;
import org.qmpd.migration.state.MigrationStatus;

/** Which members {@code query-migrate} shows in each status, as 2.4's {@code qmp_query_migrate}. */
class QueryMigrateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Progress.Ram RAM = new Progress.Ram(10, 20, 30, 1, 0, 2, 8192, 5, 1.5, 3);
    private static final Progress.Xbzrle X = new Progress.Xbzrle(64, 7, 1, 2, 0.5, 0);

    private static String shape(MigrationStatus s, Progress.Xbzrle x) {
        return JSON.valueToTree(QueryMigrate.info(new Progress(s, 100, 4, 300, 12, RAM, x))).toString();
    }

    @Test
    void noneIsEmpty() {
        assertEquals("{}", shape(MigrationStatus.NONE, null));
    }

    @Test
    void setupFailedAndCancelledShowTheStatusOnly() {
        assertEquals("{\"status\":\"setup\"}", shape(MigrationStatus.SETUP, null));
        assertEquals("{\"status\":\"failed\"}", shape(MigrationStatus.FAILED, X));
        assertEquals("{\"status\":\"cancelled\"}", shape(MigrationStatus.CANCELLED, X));
    }

    @Test
    void activeShowsTimesExpectedDowntimeAndRam() {
        assertEquals("{\"status\":\"active\",\"ram\":{\"transferred\":10,\"remaining\":20,\"total\":30,\"duplicate\":1,"
                + "\"skipped\":0,\"normal\":2,\"normal-bytes\":8192,\"dirty-pages-rate\":5,\"mbps\":1.5,\"dirty-sync-count\":3},"
                + "\"total-time\":100,\"expected-downtime\":300,\"setup-time\":4}", shape(MigrationStatus.ACTIVE, null));
        assertEquals(shape(MigrationStatus.ACTIVE, null).replace("active", "cancelling"), shape(MigrationStatus.CANCELLING, null));
    }

    @Test
    void completedShowsDowntimeInsteadOfExpectedDowntimeAndTheCacheWithXbzrle() {
        assertEquals("{\"status\":\"completed\",\"ram\":{\"transferred\":10,\"remaining\":20,\"total\":30,\"duplicate\":1,"
                + "\"skipped\":0,\"normal\":2,\"normal-bytes\":8192,\"dirty-pages-rate\":5,\"mbps\":1.5,\"dirty-sync-count\":3},"
                + "\"xbzrle-cache\":{\"cache-size\":64,\"bytes\":7,\"pages\":1,\"cache-miss\":2,\"cache-miss-rate\":0.5,\"overflow\":0},"
                + "\"total-time\":100,\"downtime\":12,\"setup-time\":4}", shape(MigrationStatus.COMPLETED, X));
    }
}
