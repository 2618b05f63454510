package dev.ferry.testsupport;

import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.embeddedkafka.KafkaBroker;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * Injects a shared broker into test constructors and methods, e.g.
 * {@code @BeforeAll static void setUp(KafkaBroker kafka)}. The first request starts one broker for the whole test
 * run; it lives in the root {@link ExtensionContext.Store}, which closes it when the run ends. Tests share it, so give
 * topics and groups names from {@link UniqueNames}.
 *
 * <p>By default the broker is {@link EmbeddedKafkaBroker}, in-process, in a temporary directory. With
 * {@code FERRY_TEST_KAFKA=container} a parameter of type {@link KafkaBroker} is Kafka in a container
 * ({@link ContainerBroker}) instead, and where no Docker engine runs the tests that ask for it are skipped, saying
 * so. A parameter of type {@link EmbeddedKafkaBroker} is always the embedded broker.
 */
public final class KafkaBrokerExtension implements ParameterResolver, ExecutionCondition {

    static final String MODE_VARIABLE = "FERRY_TEST_KAFKA";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    private static boolean containerMode() {
        return "container".equals(System.getenv(MODE_VARIABLE));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!containerMode()) {
            return ConditionEvaluationResult.enabled("the embedded broker");
        }
        boolean docker = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("docker",
                key -> DockerClientFactory.instance().isDockerAvailable(), Boolean.class);
        return docker ? ConditionEvaluationResult.enabled("Kafka in a container")
                : ConditionEvaluationResult.disabled("skipped: " + MODE_VARIABLE
                        + "=container asks for Kafka in a container, and no Docker engine runs here");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EmbeddedKafkaBroker.class || type == KafkaBroker.class;
    }

    @Override
    public KafkaBroker resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() == KafkaBroker.class && containerMode()) {
            return extensionContext.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(ContainerBroker.class, key -> ContainerBroker.start(), ContainerBroker.class);
        }
        return broker(extensionContext);
    }

    /** The shared embedded broker, started on first use: for other extensions that need it. */
    public static EmbeddedKafkaBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
                .broker();
    }
}
