package org.qmpd.rocker.ofdpa;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups of a world by id: an open-addressing map from the unsigned 32-bit id to the
 * group, so the data path finds a group without boxing its id. Not thread-safe:
 * {@link OfDpaWorld} guards it.
 */
final class GroupTable {
    private int[] ids = new int[32];
    private Group[] groups = new Group[32];
    private int size;

    private static int slot(int id, int length) {
        int h = id * 0x9E37_79B9;
        return (h ^ h >>> 16) & length - 1;
    }

    Group get(int id) {
        int n = groups.length;
        for (int i = slot(id, n);; i = i + 1 & n - 1) {
            Group g = groups[i];
            if (g == null) {
                return null;
            }
            if (ids[i] == id) {
                return g;
            }
        }
    }

    /** Adds or replaces. */
    void put(Group group) {
        if ((size + 1) * 4 > groups.length * 3) {
            resize(groups.length * 2);
        }
        int n = groups.length;
        for (int i = slot(group.id(), n);; i = i + 1 & n - 1) {
            if (groups[i] == null) {
                ids[i] = group.id();
                groups[i] = group;
                size++;
                return;
            }
            if (ids[i] == group.id()) {
                groups[i] = group;
                return;
            }
        }
    }

    boolean remove(int id) {
        int n = groups.length;
        int i = slot(id, n);
        while (true) {
            if (groups[i] == null) {
                return false;
            }
            if (ids[i] == id) {
                break;
            }
            i = i + 1 & n - 1;
        }
        groups[i] = null;
        size--;
        // backward-shift deletion keeps every later entry of the probe run reachable
        for (int j = i + 1 & n - 1; groups[j] != null; j = j + 1 & n - 1) {
            int home = slot(ids[j], n);
            boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!stays) {
                ids[i] = ids[j];
                groups[i] = groups[j];
                groups[j] = null;
                i = j;
            }
        }
        return true;
    }

    void clear() {
        ids = new int[32];
        groups = new Group[32];
        size = 0;
    }

    int size() {
        return size;
    }

    List<Group> values() {
        List<Group> all = new ArrayList<>(size);
        for (Group g : groups) {
            if (g != null) {
                all.add(g);
            }
        }
        return all;
    }

    private void resize(int length) {
        Group[] old = groups;
        ids = new int[length];
        groups = new Group[length];
        size = 0;
        for (Group g : old) {
            if (g != null) {
                put(g);
            }
        }
    }
}
