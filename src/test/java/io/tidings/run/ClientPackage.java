package io.tidings.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installs tidings-client as an application would, for {@code ClientPackageIT}: copies the harness
 * ({@code clients/js/harness}) to {@code target/client-package}, installs its locked dependencies with {@code npm ci},
 * packs {@code clients/js} with {@code npm pack} and installs the tarball there by name, type-checks a TypeScript
 * file importing it by name ({@code tsc --noEmit}, which fails the build) and bundles the IT's React page. Without
 * Node and npm it says so loudly and goes on (the IT then skips); under {@code CI=true} that is a failure.
 */
public final class ClientPackage {

    private ClientPackage() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path client = Path.of(args[0]);
        Path harness = Path.of(args[1]);
        Path target = Path.of(args[2]);
        String npm = System.getenv().getOrDefault("NPM", "npm");
        Files.createDirectories(target);
        try (Stream<Path> old = Files.list(target)) {
            for (Path file : old.filter(Files::isRegularFile).toList()) {
                Files.delete(file); // the last tarball and bundle: the IT must not run on a stale one
            }
        }
        try {
            new ProcessBuilder(npm, "--version").start().waitFor();
        } catch (IOException notFound) {
            String missing = "NO NODE: tidings-client's package tests need Node.js and npm (" + npm + " was not found)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            return;
        }
        try (Stream<Path> files = Files.list(harness)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        run(target, npm, "ci", "--no-audit", "--no-fund");
        run(target, npm, "pack", client.toAbsolutePath().toString(), "--pack-destination", ".");
        String tarball;
        try (Stream<Path> packed = Files.list(target)) {
            tarball = packed.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("tidings-client-") && name.endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("npm pack made no tidings-client-*.tgz"));
        }
        // not in the harness's package.json: the lockfile would pin the tarball's hash, which changes with tidings.js
        run(target, npm, "install", "--no-save", "--no-audit", "--no-fund", "./" + tarball);
        // here rather than in the IT, which runs once per server: it needs none and takes a while
        run(target, npm, "run", "typecheck");
        run(target, npm, "run", "build");
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        int exit = new ProcessBuilder(List.of(command))
                .directory(directory.toFile())
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + " in " + directory);
        }
    }
}
