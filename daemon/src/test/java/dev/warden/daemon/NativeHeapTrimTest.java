package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The trim on this JVM (HotSpot 17.0.9 or later offers it): it runs and reports what it gave back. */
class NativeHeapTrimTest {

    @Test
    void trimsTheCHeapAndSaysByHowMuch() {
        NativeHeapTrim trim = NativeHeapTrim.available().orElseThrow(
                () -> new AssertionError("this JVM has no System.trim_native_heap: " + Runtime.version()));
        assertThat(trim.trim()).startsWith("Trim native heap: RSS+Swap: ");
    }
}
