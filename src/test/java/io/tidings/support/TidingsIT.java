package io.tidings.support;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every black-box integration test shares: the real WAR deployed to the server of the run, and an
 * {@link Api} for it. Tests talk to it only as clients do.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class TidingsIT {

    @ArquillianResource
    protected URL base;

    protected Api api;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.tidings();
    }

    @BeforeEach
    void connectApi() {
        api = new Api(base);
    }
}
