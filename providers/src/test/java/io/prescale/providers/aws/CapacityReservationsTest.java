package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.aws.AwsWire.action;
import static io.prescale.providers.aws.AwsWire.capacityReservation;
import static io.prescale.providers.aws.AwsWire.ec2;
import static io.prescale.providers.aws.AwsWire.ec2Error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CapacityReservationsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Instant WINDOW_END = Instant.parse("2026-06-14T23:30:00Z");

    AwsClients clients;
    CapacityReservations reservations;

    @BeforeEach
    void setUp() {
        ProviderConfig config = AwsWire.config(wm);
        clients = AwsWire.clients(config);
        reservations = new CapacityReservations(clients.ec2("us-east-1"), config.clock(), clients);
    }

    @AfterEach
    void tearDown() {
        reservations.close();
    }

    @Test
    void create_forEventWindow_sendsLimitedOpenReservation() {
        // given
        wm.stubFor(action("CreateCapacityReservation").willReturn(ec2("CreateCapacityReservation",
                capacityReservation("cr-0123456789abcdef0", "us-east-1a", 60))));

        // when
        CapacityReservations.Reservation r = reservations.create(new CapacityReservations.Request("c5.xlarge",
                "us-east-1a", 60, WINDOW_END, null, "prescale-plan1-c5xl-use1a"), false);

        // then
        assertEquals("cr-0123456789abcdef0", r.id());
        assertEquals(60, r.count());
        assertEquals("active", r.state());
        assertEquals(WINDOW_END, r.end());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateCapacityReservation"))
                .withRequestBody(containing("InstanceType=c5.xlarge"))
                .withRequestBody(containing("InstancePlatform=Linux%2FUNIX"))
                .withRequestBody(containing("AvailabilityZone=us-east-1a"))
                .withRequestBody(containing("InstanceCount=60"))
                .withRequestBody(containing("EndDateType=limited"))
                .withRequestBody(containing("EndDate=2026-06-14T23%3A30%3A00Z"))
                .withRequestBody(containing("InstanceMatchCriteria=open"))
                .withRequestBody(containing("ClientToken=prescale-plan1-c5xl-use1a")));
    }

    @Test
    void create_insufficientCapacity_throwsWithCode() {
        wm.stubFor(action("CreateCapacityReservation").willReturn(ec2Error(400, "InsufficientInstanceCapacity",
                "There is not enough capacity to fulfill your request.")));

        ProviderException e = assertThrows(ProviderException.class, () -> reservations.create(
                new CapacityReservations.Request("c5.xlarge", "us-east-1a", 60, WINDOW_END, null, null), false));

        assertTrue(e.getMessage().contains("[InsufficientInstanceCapacity]"), e.getMessage());
        assertTrue(e.getMessage().startsWith("create capacity reservation 60 x c5.xlarge in us-east-1a"), e.getMessage());
    }

    @Test
    void create_endInThePast_refusedWithoutCall() {
        assertThrows(IllegalArgumentException.class, () -> reservations.create(new CapacityReservations.Request(
                "c5.xlarge", "us-east-1a", 1, AwsWire.NOW.minusSeconds(1), null, null), false));
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void create_dryRun_sendsNothing() {
        CapacityReservations.Reservation r = reservations.create(new CapacityReservations.Request("c5.xlarge",
                "us-east-1a", 60, WINDOW_END, null, null), true);

        assertEquals("dry-run", r.state());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void cancel_sendsReservationId() {
        wm.stubFor(action("CancelCapacityReservation").willReturn(ec2("CancelCapacityReservation",
                "<return>true</return>")));

        assertTrue(reservations.cancel("cr-0123456789abcdef0", false));

        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CancelCapacityReservation"))
                .withRequestBody(containing("CapacityReservationId=cr-0123456789abcdef0")));
    }
}
