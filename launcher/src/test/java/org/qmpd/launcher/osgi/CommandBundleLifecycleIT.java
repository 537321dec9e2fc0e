package org.qmpd.launcher.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Inside a real Felix with the shipped bundles: a command exists exactly while its bundle is
 * active, with Declarative Services and with a plain activator; and a command bundle installed
 * and removed 200 times leaves no service, no wiring and no class loader behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandBundleLifecycleIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(QmpdBundles.shipped());
    }

    private String qmp(String request) throws Exception {
        return QmpdBundles.qmp(context, request);
    }

    private boolean commandExists(String name) throws Exception {
        return qmp("{\"execute\":\"query-commands\"}").contains("\"name\": \"" + name + "\"");
    }

    private Bundle install(String jar) throws Exception {
        try (InputStream in = Files.newInputStream(QmpdBundles.testBundle(jar))) {
            return context.installBundle("test:" + jar + ":" + System.nanoTime(), in);
        }
    }

    @Test
    public void commandAppearsAndDisappearsWithItsBundle() throws Exception {
        assertFalse(commandExists("__org.example_hello"));
        Bundle hello = install("hello.jar");
        hello.start();
        assertTrue(commandExists("__org.example_hello"));
        assertEquals("{\"return\": {\"greeting\": \"Hello, osgi!\"}}",
                qmp("{\"execute\":\"__org.example_hello\",\"arguments\":{\"name\":\"osgi\"}}"));
        hello.stop();
        assertFalse(commandExists("__org.example_hello"));
        assertEquals("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command __org.example_hello has not been found\"}}",
                qmp("{\"execute\":\"__org.example_hello\"}"));
        hello.start();
        assertTrue(commandExists("__org.example_hello"));
        hello.uninstall();
        assertFalse(commandExists("__org.example_hello"));
    }

    @Test
    public void activatorBundleRegistersByHand() throws Exception {
        Bundle echo = install("hello-activator.jar");
        echo.start();
        assertEquals("{\"return\": [1, 2]}", qmp("{\"execute\":\"__org.example_echo\",\"arguments\":{\"value\":[1,2]}}"));
        echo.uninstall();
        assertFalse(commandExists("__org.example_echo"));
    }

    @Test
    public void twoHundredInstallsLeaveNothingBehind() throws Exception {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        int bundlesBefore = context.getBundles().length;
        for (int i = 0; i < 200; i++) {
            Bundle b = install(i % 2 == 0 ? "hello.jar" : "hello-activator.jar");
            b.start();
            String name = i % 2 == 0 ? "__org.example_hello" : "__org.example_echo";
            assertTrue(name + " in round " + i, commandExists(name));
            if (i % 20 == 0) {
                loaders.add(new WeakReference<>(b.adapt(BundleWiring.class).getClassLoader()));
            }
            b.uninstall();
        }
        refresh();
        assertFalse(commandExists("__org.example_hello"));
        assertFalse(commandExists("__org.example_echo"));
        assertNull("no command services left",
                context.getServiceReferences("org.qmpd.core.api.CommandHandler", "(qmp.command.name=__org.example_*)"));
        assertEquals("no bundle left", bundlesBefore, context.getBundles().length);
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        assertTrue("no removal-pending wirings", wiring.getRemovalPendingBundles().isEmpty());
        for (int attempt = 0; attempt < 50 && loaders.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue("every class loader was collected", loaders.stream().allMatch(r -> r.get() == null));
    }

    private void refresh() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        };
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, listener);
        assertTrue(done.await(30, TimeUnit.SECONDS));
    }
}
