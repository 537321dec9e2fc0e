package org.qmpd.migration.control;

/** Temporary timing traces (QMPD_MIGDEBUG). */
public final class DebugLog {
    private DebugLog() {
    }

    public static void dbg(String m) {
        if (System.getenv("QMPD_MIGDEBUG") != null) {
            System.err.println("DBG " + System.nanoTime() / 1000000 % 100000 + " " + m);
        }
    }
}
