package io.tidings.support;

import io.tidings.support.backend.ExampleBackend;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archive integration tests deploy: the real WAR as built, plus a backend's code as a product team would add it
 * ({@link ExampleBackend}, firing domain events).
 */
public final class Deployments {

    private Deployments() {}

    public static WebArchive tidings() {
        return ShrinkWrap.createFromZipFile(
                        WebArchive.class, new File(System.getProperty("tidings.war", "target/tidings.war")))
                .addClasses(ExampleBackend.class, Tokens.class); // its login service issues tokens
    }
}
