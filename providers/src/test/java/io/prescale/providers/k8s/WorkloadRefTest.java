package io.prescale.providers.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadRefTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "live/web          | live/web",
            "web               | default/web",
            "' live/web '      | live/web",
            "ads/beacon-proc.v2| ads/beacon-proc.v2",
            "Live/web          | none",
            "live/Web          | none",
            "live/             | none",
            "/web              | none",
            "live/web/extra    | none",
            "live/../secrets   | none",
            "''                | none",
    })
    void parse_targetName_givesNamespaceAndName(String target, String expected) {
        assertEquals(Optional.ofNullable(expected), WorkloadRef.parse(target).map(WorkloadRef::toString));
    }
}
