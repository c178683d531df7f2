package io.tidings.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archive integration tests deploy: the real WAR as built, not a test assembly. */
public final class Deployments {

    private Deployments() {}

    public static WebArchive tidings() {
        return ShrinkWrap.createFromZipFile(
                WebArchive.class, new File(System.getProperty("tidings.war", "target/tidings.war")));
    }
}
