package io.tidings.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the development TLS keystore ({@code target/tls/tidings-dev.p12}, alias {@code tidings}, password
 * {@code changeit}, for {@code localhost} and {@code 127.0.0.1}) with the JDK's keytool, unless it exists. Run by the
 * build, so no private key is ever committed; never use it in production.
 */
public final class DevKeystore {

    public static final String ALIAS = "tidings";
    public static final String PASSWORD = "changeit";

    private DevKeystore() {}

    public static void main(String[] args) throws Exception {
        Path keystore = Path.of(args[0]);
        if (Files.exists(keystore)) {
            return;
        }
        Files.createDirectories(keystore.getParent());
        Process keytool = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        ALIAS,
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "825",
                        "-dname",
                        "CN=localhost,O=Tidings development",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        PASSWORD))
                .inheritIO()
                .start();
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed to make " + keystore);
        }
    }
}
