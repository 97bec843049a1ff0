package io.radio4j.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Turns the per-endpoint HTTP timers ({@code http_server_requests_seconds{uri,method,status}})
 * into Prometheus histograms, so p50/p99 per endpoint can be computed across replicas.
 */
public class MetricsConfig {

    @Produces
    @Singleton
    MeterFilter endpointHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("http.server.requests")) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }
}
