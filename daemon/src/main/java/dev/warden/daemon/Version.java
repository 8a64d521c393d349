package dev.warden.daemon;

/** Warden's version, from the jar's manifest; {@code dev} when running from classes. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
