package io.tidings.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tidings.channel.UserId;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /dev/token?sub=alice}: a user token for trying Tidings, signed with the run's HS256 secret, valid for 12
 * hours, without roles. It exists only when {@code tidings.dev.tokens} is true, which the README's run command sets
 * when it made the secret itself; anywhere else it answers 404 as if it were not there.
 */
@WebServlet(urlPatterns = "/dev/token")
public class DevTokenServlet extends HttpServlet {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private static final long VALID_SECONDS = 12 * 3600;

    @Inject
    @ConfigProperty(name = "tidings.dev.tokens")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "tidings.jwt.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled || secret.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String sub = request.getParameter("sub");
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        if (sub == null || !UserId.isValid(sub)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.getWriter()
                    .write(JSON.createObjectBuilder()
                            .add("error", "bad_request")
                            .add("message", "sub: " + UserId.RULE)
                            .build()
                            .toString());
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(VALID_SECONDS)));
        issuer.ifPresent(claims::issuer);
        audiences.ifPresent(list -> claims.audience(List.of(list.split(",")[0].trim())));
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            token.sign(new MACSigner(secret.get().getBytes(StandardCharsets.UTF_8)));
            response.getWriter()
                    .write(JSON.createObjectBuilder()
                            .add("token", token.serialize())
                            .add("sub", sub)
                            .add("expiresAt", now.plusSeconds(VALID_SECONDS).toEpochMilli())
                            .build()
                            .toString());
        } catch (JOSEException e) {
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR); // a secret too short: said at start-up
        }
    }
}
