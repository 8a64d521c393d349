package dev.warden.config;

public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
