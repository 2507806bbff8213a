package dev.vodflow.devstack.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The front door ({@link FrontDoor}) routing {@code /api/...} to the services, Spring Authorization Server issuing JWTs
 * for configured users, and the web page, on one origin. Started by the dev stack; its settings live in
 * {@code gateway.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LocalGatewayApplication {}
