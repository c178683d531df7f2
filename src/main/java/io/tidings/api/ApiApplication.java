package io.tidings.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the backend API under {@code /api}, leaving the rest of the root context to WebSockets and pages. */
@ApplicationPath("/api")
public class ApiApplication extends Application {}
