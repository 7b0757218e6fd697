package io.prescale.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.providers.aws.FakeAutoScaling;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Static test credentials for the real AWS SDK clients of a test class that talks to WireMock (the SDK signs every
 * request, so it needs some), set for the class and cleared after it.
 */
final class AwsTestCredentials implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** A WireMock server whose answers the stateful Auto Scaling fake may give. */
    static WireMockExtension wireMockWith(FakeAutoScaling fake) {
        return WireMockExtension.newInstance().options(com.github.tomakehurst.wiremock.core.WireMockConfiguration
                .wireMockConfig().dynamicPort().extensions(fake)).build();
    }
}
