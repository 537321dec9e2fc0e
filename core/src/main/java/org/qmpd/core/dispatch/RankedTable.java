package org.qmpd.core.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Services keyed by a name, where the higher {@code service.ranking} (then the older service)
 * wins and the others wait to take over: the rule both the QMP and the HMP tables follow.
 * Lookups never lock; each name's list is replaced, never changed in place.
 */
final class RankedTable<R extends RankedTable.Entry> {
    /** What the table needs to know of a row. */
    interface Entry {
        String name();

        int ranking();

        long serviceId();
    }

    private final ConcurrentHashMap<String, List<R>> rows = new ConcurrentHashMap<>();

    // Writers (services coming and going) take the table's lock; readers never do.

    synchronized void add(R row) {
        List<R> old = rows.get(row.name());
        List<R> next = old == null ? new ArrayList<>(1) : new ArrayList<>(old);
        int at = 0;
        while (at < next.size() && !precedes(row, next.get(at))) {
            at++;
        }
        next.add(at, row);
        rows.put(row.name(), List.copyOf(next));
    }

    /** Removes the row of service {@code serviceId}, wherever it is filed; returns the rows removed. */
    synchronized List<R> remove(long serviceId) {
        List<R> removed = new ArrayList<>();
        for (Map.Entry<String, List<R>> e : rows.entrySet()) {
            List<R> next = null;
            for (R r : e.getValue()) {
                if (r.serviceId() == serviceId) {
                    removed.add(r);
                } else {
                    if (next == null) {
                        next = new ArrayList<>(e.getValue().size());
                    }
                    next.add(r);
                }
            }
            if (next == null) {
                rows.remove(e.getKey());
            } else if (next.size() < e.getValue().size()) {
                rows.put(e.getKey(), List.copyOf(next));
            }
        }
        return removed;
    }

    /** Whether {@code a} wins over {@code b}: the higher ranking, then the older service (lower id). */
    private static boolean precedes(Entry a, Entry b) {
        return a.ranking() != b.ranking() ? a.ranking() > b.ranking() : a.serviceId() < b.serviceId();
    }

    /** The winning row for {@code name}, or null. */
    R lookup(String name) {
        List<R> candidates = rows.get(name);
        return candidates == null ? null : candidates.get(0);
    }

    /** The winners that match {@code filter}, sorted by name. */
    List<R> winners(Predicate<R> filter) {
        List<R> out = new ArrayList<>();
        rows.forEach((name, list) -> {
            if (filter.test(list.get(0))) {
                out.add(list.get(0));
            }
        });
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }
}
