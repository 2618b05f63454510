package dev.ferry.testsupport;

import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a shared {@link EmbeddedKafkaBroker} into test constructors and methods, e.g.
 * {@code @BeforeAll static void setUp(EmbeddedKafkaBroker kafka)}. The first request starts one broker for the whole
 * test run, in a temporary directory; it lives in the root {@link ExtensionContext.Store}, which closes it (and deletes
 * the directory) when the run ends. Tests share it, so give topics and groups names from {@link UniqueNames}.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public EmbeddedKafkaBroker resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker(extensionContext);
    }

    /** The shared broker, started on first use: for other extensions that need it. */
    public static EmbeddedKafkaBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
                .broker();
    }
}
