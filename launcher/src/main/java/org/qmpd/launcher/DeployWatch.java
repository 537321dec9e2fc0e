package org.qmpd.launcher;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Reports, in one line, a bundle dropped into {@code deploy/} that cannot run: a second after
 * FileInstall installs or updates it, a bundle still not resolved is tried once more and the
 * first unmet requirement is printed ({@code qmpd: deploy/x.jar: cannot start org.x: missing
 * requirement ...}). Everything else in the framework goes on untouched.
 */
final class DeployWatch implements SynchronousBundleListener {
    private final String deployUri;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qmpd-deploy-watch");
        t.setDaemon(true);
        return t;
    });

    DeployWatch(Path deploy) {
        this.deployUri = deploy.toUri().toString();
    }

    void register(BundleContext context) {
        context.addBundleListener(this);
    }

    void close() {
        timer.shutdownNow();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if ((event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) && fromDeploy(bundle)) {
            timer.schedule(() -> check(bundle), 1, TimeUnit.SECONDS);
        }
    }

    private boolean fromDeploy(Bundle bundle) {
        String location = bundle.getLocation();
        return location.startsWith(deployUri) || location.startsWith(deployUri.replace("file:///", "file:/"));
    }

    private void check(Bundle bundle) {
        if (bundle.getState() != Bundle.INSTALLED || bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            String location = bundle.getLocation();
            String file = location.substring(location.lastIndexOf('/') + 1);
            System.err.println("qmpd: deploy/" + file + ": cannot start " + bundle.getSymbolicName() + ": " + reason(e));
        }
    }

    /** Felix's resolution failure, without the repetition of the unresolved-requirements list. */
    static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        int cut = message.indexOf(" Unresolved requirements:");
        if (cut > 0) {
            message = message.substring(0, cut);
        }
        int missing = message.indexOf("missing requirement");
        if (missing > 0) {
            message = message.substring(missing).replaceFirst("missing requirement \\[.*?\\)\\] ", "missing requirement ");
        }
        return message.replace('\n', ' ');
    }
}
