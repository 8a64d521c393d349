package dev.warden.daemon.embedded;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;

/**
 * The PostgreSQL archive Warden's jar ships, found by its name. zonky's default resolver first writes
 * a shell script to a temporary file and runs it to name the Linux distribution, on every start, to
 * look for a distribution's own archive; Warden's jar carries one archive per system and architecture
 * only (the build excludes the others), so that answer never changed what was found. (zonky's
 * {@code LinuxUtils} still runs that script once per process when it is loaded, for its root check:
 * a start through the archive pays it; a start from unpacked binaries loads nothing of zonky's.) One
 * instance: zonky remembers the unpacked binaries per resolver within a process.
 */
final class ShippedBinaries implements PgBinaryResolver {
    static final ShippedBinaries INSTANCE = new ShippedBinaries();

    private ShippedBinaries() {
    }

    /** The archive's stream, or null when the jar has none for this machine (zonky then says so). */
    @Override
    public InputStream getPgBinary(String system, String machineHardware) {
        return ShippedBinaries.class.getClassLoader().getResourceAsStream(name(system, machineHardware));
    }

    /** Where the archive for the machine this JVM runs on is, without opening it; null when there is none. */
    static URL forThisMachine() {
        return ShippedBinaries.class.getClassLoader()
                .getResource(name(System.getProperty("os.name"), System.getProperty("os.arch")));
    }

    private static String name(String system, String machineHardware) {
        return "postgres-" + system.toLowerCase(Locale.ROOT).replace(' ', '_') + "-"
                + ArchUtils.normalize(machineHardware) + ".txz";
    }
}
