package org.qmpd.launcher;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.SAXParserFactory;

/**
 * Start-up work that does not depend on the framework, done on a second thread while the main
 * thread boots Felix: the JDK's XML parser (Felix SCR reads every component description with it,
 * and its first use costs ~60 ms). These are JDK classes, shared by every class loader, so the
 * bundles find them ready. Only what start-up itself needs belongs here: on two cores this
 * thread competes with the start-up it is meant to help.
 */
final class Warmup {
    private static final byte[] COMPONENT = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"warmup\">"
            + "<property name=\"a\" type=\"String\" value=\"b\"/><service><provide interface=\"x\"/></service>"
            + "<reference name=\"r\" interface=\"y\" cardinality=\"0..n\" policy=\"dynamic\"/>"
            + "<implementation class=\"z\"/></scr:component>").getBytes(StandardCharsets.UTF_8);

    private Warmup() {
    }

    static void start() {
        Thread t = new Thread(Warmup::run, "qmpd-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.newSAXParser().parse(new ByteArrayInputStream(COMPONENT), new org.xml.sax.helpers.DefaultHandler());
        } catch (Exception e) {
            // only a head start; the real parse reports real problems
        }
    }
}
