/**
 * Migration history of every common tool, read without configuration and normalised.
 *
 * <p>{@link dev.warden.checks.migrations.MigrationHistoryReader#read} finds the history tables of
 * Flyway, Liquibase, Prisma, golang-migrate, Alembic, Knex, Sequelize, Drizzle, Atlas, pgroll and Sqitch
 * in any schema, reads their newest rows as {@link dev.warden.checks.migrations.MigrationRecord}s, and
 * reports migrations in progress ({@link dev.warden.checks.migrations.RunningMigration}) from the tools'
 * advisory locks, lock tables, unfinished history rows and other sessions' DDL. A table under an
 * AccessExclusiveLock (granted or waiting) is skipped, never queued behind. New tools plug in through
 * {@link dev.warden.checks.migrations.MigrationHistoryAdapter}.
 */
package dev.warden.checks.migrations;
