package dev.lrsweep.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The versions of the numerical libraries the worker was built against, for provenance. */
public final class LibraryVersions {
    private static final String RESOURCE = "lrsweep-worker-versions.properties";

    private LibraryVersions() {
    }

    /** Library name to version, e.g. {@code nd4j → 1.0.0-M2.1}. */
    public static Map<String, String> worker() {
        Properties properties = new Properties();
        try (InputStream in = LibraryVersions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> versions = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> versions.put(name, properties.getProperty(name)));
        return versions;
    }
}
