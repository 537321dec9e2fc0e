package org.qmpd.migration.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.control.Progress;
import org.qmpd.migration.control.SourceMigration;

/**
 * {@code query-migrate}: the outgoing migration as 2.4's {@code qmp_query_migrate} shows it,
 * the members depending on the status: none gives {@code {}}; setup, failed and cancelled only
 * the status; active and cancelling the times, the expected downtime and {@code ram}; completed
 * the times, the downtime and {@code ram} with nothing remaining. {@code xbzrle-cache} appears
 * in active and completed whenever the {@code xbzrle} capability is on.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-migrate")
public final class QueryMigrate implements CommandHandler {
    /** {@code MigrationInfo}; absent members are null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MigrationInfo(String status, MigrationStats ram,
            @JsonProperty("xbzrle-cache") XbzrleCacheStats xbzrleCache,
            @JsonProperty("total-time") Long totalTime,
            @JsonProperty("expected-downtime") Long expectedDowntime,
            Long downtime,
            @JsonProperty("setup-time") Long setupTime) {
    }

    /** {@code MigrationStats}. */
    public record MigrationStats(long transferred, long remaining, long total, long duplicate, long skipped,
            long normal, @JsonProperty("normal-bytes") long normalBytes,
            @JsonProperty("dirty-pages-rate") long dirtyPagesRate, double mbps,
            @JsonProperty("dirty-sync-count") long dirtySyncCount) {
    }

    /** {@code XBZRLECacheStats}. */
    public record XbzrleCacheStats(@JsonProperty("cache-size") long cacheSize, long bytes, long pages,
            @JsonProperty("cache-miss") long cacheMiss, @JsonProperty("cache-miss-rate") double cacheMissRate,
            long overflow) {
    }

    @Reference
    private SourceMigration source;

    @Override
    public Object execute(Arguments args, Session session) {
        return info(source.progress());
    }

    static MigrationInfo info(Progress p) {
        String status = p.status().qapiName();
        switch (p.status()) {
            case NONE:
                return new MigrationInfo(null, null, null, null, null, null, null);
            case ACTIVE:
            case CANCELLING:
                return new MigrationInfo(status, stats(p.ram()), xbzrle(p.xbzrle()), p.totalTimeMs(),
                        p.expectedDowntimeMs(), null, p.setupTimeMs());
            case COMPLETED:
                return new MigrationInfo(status, stats(p.ram()), xbzrle(p.xbzrle()), p.totalTimeMs(), null,
                        p.downtimeMs(), p.setupTimeMs());
            default:
                return new MigrationInfo(status, null, null, null, null, null, null);
        }
    }

    private static MigrationStats stats(Progress.Ram r) {
        return r == null ? null : new MigrationStats(r.transferred(), r.remaining(), r.total(), r.duplicate(),
                r.skipped(), r.normal(), r.normalBytes(), r.dirtyPagesRate(), r.mbps(), r.dirtySyncCount());
    }

    private static XbzrleCacheStats xbzrle(Progress.Xbzrle x) {
        return x == null ? null : new XbzrleCacheStats(x.cacheSize(), x.bytes(), x.pages(), x.cacheMiss(),
                x.cacheMissRate(), x.overflow());
    }
}
