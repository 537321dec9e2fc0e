package org.qmpd.launcher.it.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * {@code -spice tls-port=T,x509-dir=D,disable-ticketing} with a certificate made by
 * {@code openssl}: a channel linked over TLS shows {@code tls: true}; with
 * {@code disable-ticketing}, {@code set_password} fails while {@code expire_password} turns
 * ticketing back on, as spice-server does.
 */
class SpiceTlsIT {
    @Test
    void aChannelLinkedOverTlsIsListedWithTls() throws Exception {
        Path dir = QmpdProcess.tempDir("spice-tls");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("server-key.pem").toString(), "-out", dir.resolve("server-cert.pem").toString(),
                "-days", "1", "-subj", "/CN=qmpd-test").redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, openssl.exitValue());

        int tlsPort = VncTools.freePort();
        try (QmpdProcess p = QmpdProcess.startTcp("-spice", "tls-port=" + tlsPort + ",addr=127.0.0.1,x509-dir=" + dir + ",disable-ticketing");
             QmpClient c = p.client()) {
            JsonNode info = c.ok("query-spice");
            assertEquals(tlsPort, info.get("tls-port").asInt());
            assertFalse(info.has("port"));
            assertEquals("none", info.get("auth").asText());

            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", tlsPort);
            s.startHandshake();
            try (SpiceLinkClient main = SpiceLinkClient.link(s, SpiceLinkClient.MAIN, 0, "anything")) {
                assertEquals(0, main.result, "disable-ticketing admits any ticket");
                JsonNode ch = c.ok("query-spice").get("channels").get(0);
                assertEquals(true, ch.get("tls").asBoolean());
                assertEquals(main.sessionId, ch.get("connection-id").asInt());
            }

            JsonNode e = c.error("set_password", Map.of("protocol", "spice", "password", "x"));
            assertEquals("Could not set password", e.get("desc").asText());
            c.ok("expire_password", Map.of("protocol", "spice", "time", "never"));
            SSLSocket again = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", tlsPort);
            try (SpiceLinkClient refused = SpiceLinkClient.link(again, SpiceLinkClient.MAIN, 0, "anything")) {
                assertEquals(7, refused.result, "expire_password turned ticketing on, with no password");
            }
        }
    }
}
