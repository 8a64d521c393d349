package dev.warden.config;

public enum LogFormat {
    TEXT,
    JSON
}
