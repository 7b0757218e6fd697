/**
 * The {@code cdn} provider: a CDN is not scaled by prescale, so each planned {@code CHECK} compares the forecast
 * peak egress (and request rate, where given) with what the CDN can carry, and {@code observe} reports that
 * capacity and the recently observed peak. Entry point: {@link io.prescale.providers.cdn.CdnProviders#cdn()}.
 *
 * <h2>Target settings</h2>
 * All are strings from the scenario's {@code target:} map, declared in {@link io.prescale.providers.cdn.CdnTarget} and
 * checked when the scenario is loaded: an unknown key or a bad value is an error at its line.
 * <table>
 * <caption>cdn target settings</caption>
 * <tr><th>setting</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code provider}</td><td>{@code cloudfront}, {@code akamai}, {@code fastly}, {@code generic} or any
 *     label; only {@code cloudfront} has default quotas</td><td>{@code generic}</td></tr>
 * <tr><td>{@code capacityGbps}</td><td>contracted bandwidth or quota: {@code 3000} (Gbps) or with a unit,
 *     {@code 3Tbps}</td><td>cloudfront: 150 (the per-distribution quota); others: required</td></tr>
 * <tr><td>{@code capacityRps}</td><td>request-rate contract or quota: {@code 250000}, {@code 250k} or
 *     {@code 250krps}</td><td>cloudfront: 250,000 (per distribution); others: none</td></tr>
 * <tr><td>{@code headroom}</td><td>part of the capacity never to plan into: {@code 20%} or {@code 0.2}</td>
 *     <td>{@code 0}: the planner already sized {@code change.to} with the layer's headroom, a second default
 *     would count it twice</td></tr>
 * <tr><td>{@code peakRps}</td><td>the forecast request rate at the CDN; the RPS check runs only when this and
 *     a request-rate capacity are known</td><td>none</td></tr>
 * <tr><td>{@code metricsUrl}</td><td>HTTP(S) endpoint answering JSON with the recently observed peak; no
 *     credentials in the URL</td><td>none (no observed peak)</td></tr>
 * <tr><td>{@code metricsPointer}</td><td>JSON pointer to the value, e.g. {@code /data/peakGbps}; required with
 *     {@code metricsUrl}</td><td>none</td></tr>
 * <tr><td>{@code metricsUnit}</td><td>unit of that value: {@code gbps}, {@code mbps} or {@code bps}</td>
 *     <td>{@code gbps}</td></tr>
 * <tr><td>{@code metricsAuthHeader}</td><td>header carrying the credential, e.g. {@code Authorization}</td>
 *     <td>none (no credential sent)</td></tr>
 * <tr><td>{@code metricsTokenEnv}</td><td>name of the environment variable (from
 *     {@code ProviderConfig.env()}) holding the whole header value, e.g. {@code Bearer abc}; given together
 *     with {@code metricsAuthHeader}. The value is never logged, never put in details, messages or
 *     diagnostics</td><td>none</td></tr>
 * <tr><td>{@code observedIsOtherTraffic}</td><td>{@code true}: the observed peak is other traffic that will
 *     still be on the CDN during the event, so it is subtracted from what is available; {@code false}: it is
 *     only reported (it is usually earlier traffic of the same service, already part of the forecast)</td>
 *     <td>{@code false}</td></tr>
 * </table>
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li>Units: a CDN layer's units are Gbps ({@code gbpsPerUnit: 1Gbps}), so {@code change.to} is read as the Gbps
 *     needed at the peak, headroom included.</li>
 * <li>Check: available = capacity &times; (1 &minus; headroom) &minus; other traffic. {@code FAILED} when needed
 *     &gt; available; {@code WARNED} when needed is within 10% of available, or when a configured metrics
 *     endpoint could not be read; {@code PASSED} otherwise. The RPS check, when it runs, is judged the same way
 *     and the worse status wins.</li>
 * <li>Dry run: a check only reads, so it is evaluated as usual and returns its status (not {@code DRY_RUN});
 *     no mutating request exists to suppress. {@code NO_OP} is {@code UNCHANGED}; any other action is
 *     {@code FAILED} ("a CDN is not scaled by prescale").</li>
 * <li>Observe: units = capacity in Gbps rounded down; floor = observed peak in Gbps rounded up (0 when there is
 *     no endpoint or it failed). An endpoint failure still returns the capacity, with a warning naming the URL
 *     (query string and credentials left out) and the problem.</li>
 * <li>HTTP: {@link java.net.http.HttpClient}, one deadline per call ({@code min(callTimeout, request timeout)},
 *     attempts included), one retry after a short backoff on 5xx or 429, redirects not followed (so the
 *     credential header is never sent elsewhere).</li>
 * </ul>
 * May import the SPI and the planner's model; never the CLI, the scheduler or another provider package.
 */
package io.prescale.providers.cdn;
