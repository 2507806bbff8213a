package dev.vodflow.catalog;

import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another catalog in the same JVM, on its own empty database and consumer group: the side-by-side rebuild
 * of the README, as tests and the benchmark run it.
 */
final class SecondCatalog {

    private SecondCatalog() {}

    static ConfigurableApplicationContext start(String database, String... extraArguments) {
        LocalInfrastructure infra = LocalInfrastructure.get();
        String url = TestDatabases.fresh(database);
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--spring.cloud.stream.kafka.binder.brokers=" + infra.kafkaBootstrapServers(),
                "--spring.cloud.stream.default.group=" + database + "-" + UUID.randomUUID(),
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + infra.postgresUser(),
                "--spring.datasource.password=" + infra.postgresPassword(),
                "--vodflow.aws.region=" + infra.region(),
                "--vodflow.aws.access-key-id=" + infra.accessKeyId(),
                "--vodflow.aws.secret-access-key=" + infra.secretAccessKey(),
                "--vodflow.aws.s3.endpoint=" + infra.s3Endpoint(),
                "--vodflow.aws.s3.bucket=" + infra.bucket()));
        TestJwts.properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(extraArguments));
        return new SpringApplicationBuilder(CatalogServiceApplication.class).run(arguments.toArray(String[]::new));
    }
}
