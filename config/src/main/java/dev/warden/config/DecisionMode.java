package dev.warden.config;

/** What a matched decision-matrix row does: act, wait for approval, only record, or only page. */
public enum DecisionMode {
    AUTO,
    APPROVE,
    DRY_RUN,
    FREEZE
}
