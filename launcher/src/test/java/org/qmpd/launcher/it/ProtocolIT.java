package org.qmpd.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The QMP protocol over a real socket, against the real distribution. */
class ProtocolIT {
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        qmpd = QmpdProcess.startTcp();
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, qmpd.terminate());
    }

    @Test
    void greetingIsQemu240() throws Exception {
        try (QmpClient c = QmpClient.connect(qmpd.address())) {
            assertEquals("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 4, \"major\": 2}, \"package\": \" (qmpd 0.1.0)\"}, \"capabilities\": []}}",
                    c.rawLines().get(0));
        }
    }

    @Test
    void queryStatusWorksAfterNegotiation() throws Exception {
        try (QmpClient c = qmpd.client()) {
            JsonNode status = c.ok("query-status");
            assertEquals("running", status.get("status").asText());
        }
    }
}
