package dev.warden.checks.migrations;

/** The names Warden gives the migration tools it recognises (the {@code tool} of every record). */
public final class MigrationTools {
    public static final String FLYWAY = "flyway";
    public static final String LIQUIBASE = "liquibase";
    public static final String PRISMA = "prisma";
    public static final String GOLANG_MIGRATE = "golang-migrate";
    public static final String ALEMBIC = "alembic";
    public static final String KNEX = "knex";
    public static final String SEQUELIZE = "sequelize";
    public static final String DRIZZLE = "drizzle";
    public static final String ATLAS = "atlas";
    public static final String PGROLL = "pgroll";
    public static final String SQITCH = "sqitch";

    private MigrationTools() {
    }
}
