package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.Api;
import io.tidings.support.Deployments;
import io.tidings.support.TestClient;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Undeploying Tidings closes every connection with 1012 so clients reconnect elsewhere. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShutdownIT {

    private static final String NAME = "tidings-undeployed";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.tidings();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    @Order(1)
    void deploy() {
        deployer.deploy(NAME);
    }

    @Test
    @Order(2)
    void undeployClosesEveryConnectionWith1012(@ArquillianResource @OperateOnDeployment(NAME) URL base) {
        Api api = new Api(base);
        try (TestClient first = TestClient.connect(api.ws("ws"));
                TestClient second = TestClient.connect(api.ws("ws"))) {
            first.subscribe("ticker:BTCUSDT");
            deployer.undeploy(NAME);
            assertEquals(1012, first.awaitClose().getCloseCode().getCode());
            assertEquals(1012, second.awaitClose().getCloseCode().getCode());
        }
    }
}
