package org.qmpd.core.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    private static final Comparator<Entry> PRECEDENCE =
            Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId);

    private final ConcurrentHashMap<String, List<R>> rows = new ConcurrentHashMap<>();

    void add(R row) {
        rows.compute(row.name(), (name, old) -> {
            List<R> next = old == null ? new ArrayList<>() : new ArrayList<>(old);
            next.add(row);
            next.sort(PRECEDENCE);
            return List.copyOf(next);
        });
    }

    /** Removes the row of service {@code serviceId}, wherever it is filed; returns the rows removed. */
    List<R> remove(long serviceId) {
        List<R> removed = new ArrayList<>();
        for (String name : rows.keySet()) {
            rows.computeIfPresent(name, (n, old) -> {
                if (old.stream().noneMatch(r -> r.serviceId() == serviceId)) {
                    return old;
                }
                List<R> next = new ArrayList<>(old);
                next.removeIf(r -> {
                    if (r.serviceId() == serviceId) {
                        removed.add(r);
                        return true;
                    }
                    return false;
                });
                return next.isEmpty() ? null : List.copyOf(next);
            });
        }
        return removed;
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
