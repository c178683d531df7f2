package io.tidings.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the development TLS keystore ({@code target/tls/tidings-dev.p12}, alias {@code tidings}, password
 * {@code changeit}, for {@code localhost} and {@code 127.0.0.1}) with the JDK's keytool, unless it exists, and its
 * certificate as PEM beside it ({@code tidings-dev.pem}), for clients to trust. Run by the
 * build, so no private key is ever committed; never use it in production.
 */
public final class DevKeystore {

    public static final String ALIAS = "tidings";
    public static final String PASSWORD = "changeit";

    private DevKeystore() {}

    public static void main(String[] args) throws Exception {
        Path keystore = Path.of(args[0]);
        if (!Files.exists(keystore)) {
            make(keystore);
        }
        Path pem = keystore.resolveSibling(keystore.getFileName().toString().replaceFirst("\\.p12$", "") + ".pem");
        if (!Files.exists(pem)) {
            writeCertificate(keystore, pem);
        }
    }

    /**
     * The certificate alone, as PEM: what Node ({@code NODE_EXTRA_CA_CERTS}), curl ({@code --cacert}) and browsers
     * import to trust the development server.
     */
    private static void writeCertificate(Path keystore, Path pem) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        byte[] der = store.getCertificate(ALIAS).getEncoded();
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
    }

    private static void make(Path keystore) throws Exception {
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
