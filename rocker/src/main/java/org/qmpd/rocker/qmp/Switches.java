package org.qmpd.rocker.qmp;

import org.qmpd.core.api.QmpException;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;

/** {@code rocker_find} with the error every rocker command gives: {@code rocker <name> not found}. */
final class Switches {
    private Switches() {
    }

    static Rocker find(Rockers rockers, String name) throws QmpException {
        Rocker r = rockers.find(name);
        if (r == null) {
            throw QmpException.generic("rocker " + name + " not found");
        }
        return r;
    }

    /** A uint32 or uint64 held in a long, as a JSON number that is never negative. */
    static Number unsigned(long v) {
        return v >= 0 ? (Number) v : new java.math.BigInteger(Long.toUnsignedString(v));
    }
}
