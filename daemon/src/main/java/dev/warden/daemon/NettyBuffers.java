package dev.warden.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Netty's buffer pool, sized for a daemon that moves little data: one pooled arena of 1 MiB chunks
 * instead of Netty 4.2's adaptive allocator, whose per-thread magazines kept about 14 MiB of direct
 * memory for Warden's handful of connections. Vert.x takes Netty's default allocator (and falls back to
 * the adaptive one when told "unpooled"), so the pool is chosen through Netty's own system properties,
 * which must be set before Netty's allocator class is first loaded: {@link #configure} runs first thing
 * in {@code main}. A property given on the command line (or in JAVA_OPTS) is left as it is.
 * At 10,000 tables this took about 10 MiB off the resident set (BENCHMARKS.md, "memory").
 */
public final class NettyBuffers {
    /** Order matters only for reading; each is set on its own. */
    static final Map<String, String> PROPERTIES = properties();

    private NettyBuffers() {
    }

    private static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("io.netty.allocator.type", "pooled");
        properties.put("io.netty.allocator.numDirectArenas", "1");
        properties.put("io.netty.allocator.numHeapArenas", "1");
        // Chunks of 8 KiB pages << 7 = 1 MiB; a larger buffer is allocated on its own and freed with it.
        properties.put("io.netty.allocator.maxOrder", "7");
        return properties;
    }

    /** Sets each property not already set; returns "name=value" of those it set. */
    public static List<String> configure() {
        return PROPERTIES.entrySet().stream()
                .filter(property -> System.getProperty(property.getKey()) == null)
                .peek(property -> System.setProperty(property.getKey(), property.getValue()))
                .map(property -> property.getKey() + "=" + property.getValue())
                .toList();
    }
}
