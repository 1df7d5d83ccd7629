/**
 * Per-container reliability and hygiene: immutable root file system, pinned
 * images, resources, probes that point at real ports, clean env.
 */
import type { Check } from '../check';
import { isLongRunningContainer, type ContainerRef, type PodTemplate } from '../pod-template';
import { isPlaceholder, isSecretLikeName, secretInValue } from '../../shared/sensitive';
import { asArray, asRecord, asString, show } from '../../shared/values';

const group = 'containers';
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function eachContainer(pods: readonly PodTemplate[], fn: (pod: PodTemplate, ref: ContainerRef) => void): void {
  for (const pod of pods) for (const ref of pod.containers) fn(pod, ref);
}

/** The tag of an image reference, undefined when there is none; digests are handled by the caller. */
function imageTag(image: string): string | undefined {
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
}

function declaredPorts(ref: ContainerRef): { numbers: Set<unknown>; names: Set<unknown> } {
  const ports = asArray(ref.container.ports).map((port) => asRecord(port) ?? {});
  return { numbers: new Set(ports.map((p) => p.containerPort)), names: new Set(ports.map((p) => p.name)) };
}

export const containerChecks: readonly Check[] = [
  {
    id: 'read-only-root-fs',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every container has a read-only root file system.',
    hint: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app must write (e.g. /tmp)',
    rationale: 'A writable root file system lets an intruder drop tools and persist changes. kube-linter no-read-only-root-fs; Polaris notReadOnlyRootFilesystem; kube-score container-security-context-readonlyrootfilesystem.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        const value = asRecord(ref.container.securityContext)?.readOnlyRootFilesystem;
        if (value !== true) {
          const now = value === undefined ? 'does not set it' : `sets ${show(value)}`;
          report(pod.manifest, [...ref.path, 'securityContext', 'readOnlyRootFilesystem'], `${ref.label} must set readOnlyRootFilesystem: true, but ${now}`);
        }
      });
    },
  },
  {
    id: 'image-tag',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every image is pinned by a tag other than latest, or by a digest.',
    hint: 'pin the image to a release tag (app:1.4.2) or a digest (app@sha256:...)',
    rationale: 'An image without a tag, or tagged latest, changes under the same manifest: rollbacks and reviews no longer mean anything. kube-linter latest-tag; Polaris tagNotSpecified; kube-score container-image-tag.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        const image = asString(ref.container.image);
        if (image === undefined || image.includes('@')) return; // a missing image is a schema error; a digest pins exactly
        const tag = imageTag(image);
        if (tag === undefined) {
          report(pod.manifest, [...ref.path, 'image'], `${ref.label} uses image ${show(image)} without a tag, which means :latest`);
        } else if (tag === 'latest') {
          report(pod.manifest, [...ref.path, 'image'], `${ref.label} uses image ${show(image)} with the :latest tag`);
        }
      });
    },
  },
  {
    id: 'resource-requests',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every container requests CPU and memory.',
    hint: 'set resources.requests.cpu and resources.requests.memory to what the container needs at steady load',
    rationale: 'Without requests the scheduler packs pods blindly, the HPA cannot compute utilisation and the pod is first to be evicted. kube-linter unset-cpu-requirements/unset-memory-requirements; Polaris cpuRequestsMissing/memoryRequestsMissing; kube-score container-resources.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        if (ref.list === 'ephemeralContainers') return; // the API forbids resources on ephemeral containers
        const requests = asRecord(asRecord(ref.container.resources)?.requests) ?? {};
        for (const resource of ['cpu', 'memory']) {
          if (requests[resource] === undefined || requests[resource] === null) {
            report(pod.manifest, [...ref.path, 'resources', 'requests', resource], `${ref.label} has no ${resource} request`, `set resources.requests.${resource}`);
          }
        }
      });
    },
  },
  {
    id: 'memory-limit',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every container has a memory limit.',
    hint: 'set resources.limits.memory (usually equal to the memory request)',
    rationale: 'A container without a memory limit can exhaust the node and get its neighbours OOM-killed. kube-linter unset-memory-requirements; Polaris memoryLimitsMissing; kube-score container-resources.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        if (ref.list === 'ephemeralContainers') return;
        const limits = asRecord(asRecord(ref.container.resources)?.limits) ?? {};
        if (limits.memory === undefined || limits.memory === null) {
          report(pod.manifest, [...ref.path, 'resources', 'limits', 'memory'], `${ref.label} has no memory limit`);
        }
      });
    },
  },
  {
    id: 'liveness-probe',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every long-running container (not in a Job or CronJob) has a liveness probe.',
    hint: 'add a livenessProbe (httpGet on a cheap /live endpoint, or tcpSocket) with a generous failureThreshold',
    rationale: 'Without a liveness probe a deadlocked process keeps its pod forever. kube-linter no-liveness-probe; Polaris livenessProbeMissing; kube-score pod-probes.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        if (!pod.longRunning || !isLongRunningContainer(ref)) return;
        if (!asRecord(ref.container.livenessProbe)) {
          report(pod.manifest, [...ref.path, 'livenessProbe'], `${ref.label} has no liveness probe`);
        }
      });
    },
  },
  {
    id: 'readiness-probe',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every long-running container that serves ports has a readiness probe.',
    hint: 'add a readinessProbe (httpGet on /ready) so traffic only reaches pods that can serve it',
    rationale: 'Without a readiness probe a Service sends traffic to pods that are still starting or overloaded. kube-linter no-readiness-probe; Polaris readinessProbeMissing; kube-score pod-probes.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        if (!pod.longRunning || !isLongRunningContainer(ref)) return;
        if (asArray(ref.container.ports).length === 0) return; // serves nothing, so nothing to be ready for
        if (!asRecord(ref.container.readinessProbe)) {
          report(pod.manifest, [...ref.path, 'readinessProbe'], `${ref.label} serves ports but has no readiness probe`);
        }
      });
    },
  },
  {
    id: 'probe-port',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Liveness, readiness and startup probes that name a port name one the container declares (a number not declared is only a note: Kubernetes accepts it).',
    hint: 'point the probe at one of the container\'s ports (its name or containerPort), or declare the port',
    rationale: 'A probe on a port nobody listens on fails forever: the pod never becomes ready, or is restarted in a loop. kube-linter liveness-port, readiness-port, startup-port.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        const declared = declaredPorts(ref);
        for (const probeName of PROBES) {
          const probe = asRecord(ref.container[probeName]);
          if (!probe) continue;
          for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
            const port = asRecord(probe[handler])?.port;
            if (port === undefined) continue;
            const known = typeof port === 'number' ? declared.numbers.has(port) : declared.names.has(port);
            if (!known) {
              const names = [...declared.names].filter((n) => n !== undefined);
              const numbers = [...declared.numbers].filter((n) => n !== undefined);
              const offered = numbers.length === 0 ? 'it declares no ports' : `it declares ${numbers.join(', ')}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
              if (typeof port === 'number') {
                // Kubernetes accepts a numeric probe port the container does not declare (ports are informational), and
                // upstream manifests do it (Argo CD, ingress-nginx): only a note. A name nobody declares cannot resolve.
                report(pod.manifest, [...ref.path, probeName, handler, 'port'], `${ref.label}: ${probeName} uses port ${show(port)}, which the container does not declare (${offered}); cannot verify that anything listens there`, 'declare the port under ports: so readers and tools know it', 'note');
              } else {
                report(pod.manifest, [...ref.path, probeName, handler, 'port'], `${ref.label}: ${probeName} uses port ${show(port)}, but ${offered}`);
              }
            }
          }
        }
      });
    },
  },
  {
    id: 'duplicate-env-var',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No container defines the same environment variable twice.',
    hint: 'keep one definition of the variable; the last one silently wins',
    rationale: 'With duplicates the value the app sees depends on list order, which a merge or patch can change unnoticed. kube-linter duplicate-env-var; kube-score environment-variable-key-duplication.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        const seen = new Map<string, number>();
        asArray(ref.container.env).forEach((value, index) => {
          const name = asString(asRecord(value)?.name);
          if (name === undefined) return;
          const first = seen.get(name);
          if (first === undefined) seen.set(name, index);
          else report(pod.manifest, [...ref.path, 'env', index, 'name'], `${ref.label} defines env ${show(name)} again (first at env[${first}])`);
        });
      });
    },
  },
  {
    id: 'env-var-secret',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No environment variable holds a secret-looking literal value.',
    hint: 'take the value from a Secret: env[].valueFrom.secretKeyRef (the Secret itself from an ExternalSecret)',
    rationale: 'A literal secret in a manifest ends up in Git, in the rendered YAML and in every pod description. kube-linter env-var-secret; Polaris sensitiveContainerEnvVar.',
    run(inventory, report) {
      eachContainer(inventory.podTemplates, (pod, ref) => {
        asArray(ref.container.env).forEach((value, index) => {
          const env = asRecord(value);
          const name = asString(env?.name);
          const literal = env?.value;
          if (name === undefined || typeof literal !== 'string' || isPlaceholder(literal)) return;
          const found = secretInValue(literal);
          if (found !== undefined) {
            report(pod.manifest, [...ref.path, 'env', index, 'value'], `${ref.label}: env ${show(name)} holds ${found} as a literal value`);
          } else if (isSecretLikeName(name)) {
            report(pod.manifest, [...ref.path, 'env', index, 'value'], `${ref.label}: env ${show(name)} looks like a secret but has a literal value`);
          }
        });
      });
    },
  },
];
