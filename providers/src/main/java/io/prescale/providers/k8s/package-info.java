/**
 * Kubernetes providers: observe and pre-scale Deployments and StatefulSets ({@code k8s-deployment},
 * {@code k8s-statefulset}), through the workload's HorizontalPodAutoscaler when it has one.
 *
 * <p>With an HPA, prescale raises the HPA's {@code minReplicas} (the HPA owns {@code spec.replicas}, so a direct
 * write there would be undone on its next sync); without one it sets {@code spec.replicas}. The values found before
 * the first pre-scale are kept in the {@code prescale.io/original} annotation of the object written, so the
 * scale-in restores them exactly. Every write is a replace carrying the {@code resourceVersion} just read: a
 * concurrent change is reported as a conflict, never overwritten.
 *
 * <p>All calls go through {@link io.prescale.providers.k8s.KubernetesApi}, the narrow interface over the official
 * client. Imports the provider SPI, the planner's model and plan, the official Kubernetes client and Jackson; never
 * the CLI, the scheduler or the AWS SDK.
 *
 * <p>An installed prescale keeps the Kubernetes client off its class path: this package is loaded a second time,
 * beside it, when a provider is first created ({@code io.prescale.providers.apply.CloudClasses}). So what a plan
 * reads from here, the target types ({@code KubernetesTargets}, {@code WorkloadKind}) and the factories'
 * declarations in {@link io.prescale.providers.k8s.KubernetesProviders}, must never touch the client
 * ({@code CloudLibrariesLayoutTest} plans every example without it).
 */
package io.prescale.providers.k8s;
