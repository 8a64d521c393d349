package dev.warden.config;

/** The ways the rollback engine can undo a change. */
public enum StrategyKind {
    DOWN_MIGRATION,
    BRANCH_SWAP,
    FEATURE_FLAG,
    CODE_REVERT,
    READ_ONLY,
    FULL_ROLLBACK,
    FREEZE
}
