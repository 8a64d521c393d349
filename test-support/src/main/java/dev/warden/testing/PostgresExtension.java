package dev.warden.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh database on the shared real server: declare a {@link TestDatabase}
 * parameter on the constructor, a {@code @BeforeAll} method or a test method. The database is
 * dropped after the class.
 */
public final class PostgresExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == PostgresServer.class) {
            return PostgresServer.shared();
        }
        ExtensionContext classContext = outermostClassContext(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("database",
                key -> PostgresServer.shared().createDatabase("t_" + classContext.getRequiredTestClass().getSimpleName()),
                TestDatabase.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase database = context.getStore(NAMESPACE).remove("database", TestDatabase.class);
        if (database != null) {
            database.drop();
        }
    }

    /** The top-level class's context, so that nested classes and methods share one database. */
    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()
                || current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }
}
