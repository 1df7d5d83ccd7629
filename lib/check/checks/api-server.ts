/**
 * What the Kubernetes API server refuses although the OpenAPI schema allows it:
 * the validation code of the API server (object metadata, names per kind,
 * ports, container and volume names, env var names, ConfigMap keys, CronJob
 * schedules, PriorityClass values). Every check here is class correctness: a
 * finding means `kubectl apply` (and an Argo CD sync) fails. Each rule cites
 * the Go source it follows.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Check, Reporter } from '../check';
import {
  configMapKeyProblems,
  dns1035LabelProblems,
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  envVarNameProblems,
  isValidPortNumber,
  labelValueProblems,
  pathSegmentProblems,
  portNameProblems,
  qualifiedNameProblems,
  TOTAL_ANNOTATION_SIZE_LIMIT,
} from '../api-names';
import { isClusterScoped } from '../objects';
import { podTemplateOf } from '../pod-template';
import type { KeyPath, Manifest } from '../types';
import { asArray, asRecord, asString, show } from '../../shared/values';

const group = 'api-server';

/**
 * How the API server validates `metadata.name`, per kind (the nameFn each
 * kind's Validate* passes to ValidateObjectMeta); DNS-1123 subdomain otherwise,
 * custom resources included (apiextensions-apiserver customresource strategy).
 */
const NAME_RULES: Readonly<Record<string, { readonly what: string; readonly problems: (name: string) => string[] }>> = {
  // pkg/apis/core/validation/validation.go ValidateServiceName = NameIsDNS1035Label
  Service: { what: 'a DNS-1035 label', problems: dns1035LabelProblems },
  // ValidateNamespaceName = NameIsDNSLabel
  Namespace: { what: 'a DNS-1123 label', problems: dns1123LabelProblems },
  // pkg/apis/rbac/validation/validation.go ValidateRBACName = path.IsValidPathSegmentName
  Role: { what: 'a path segment', problems: pathSegmentProblems },
  ClusterRole: { what: 'a path segment', problems: pathSegmentProblems },
  RoleBinding: { what: 'a path segment', problems: pathSegmentProblems },
  ClusterRoleBinding: { what: 'a path segment', problems: pathSegmentProblems },
};
const SUBDOMAIN = { what: 'a DNS-1123 subdomain', problems: dns1123SubdomainProblems };

/** pkg/apis/batch/validation/validation.go: a CronJob name leaves 11 characters for the Job suffix (63 - 11). */
const CRONJOB_NAME_MAX = 52;
/** pkg/apis/scheduling: HighestUserDefinablePriority; above it only the system-* classes. */
const HIGHEST_USER_PRIORITY = 1_000_000_000;
/** robfig/cron (the CronJob controller's parser) descriptors. */
const CRON_DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

const plain = (problems: readonly string[]) => problems.join('; ');

/** Reports each problem of a label map (keys qualified names, values label values). */
function checkLabels(manifest: Manifest, path: KeyPath, value: unknown, report: Reporter): void {
  const labels = asRecord(value);
  if (!labels) return;
  for (const [key, labelValue] of Object.entries(labels)) {
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length > 0) report(manifest, [...path, key], `label key ${show(key)} is invalid: ${plain(keyProblems)}`);
    if (typeof labelValue !== 'string') continue; // a non-string value is a schema-type finding
    const valueProblems = labelValueProblems(labelValue);
    if (valueProblems.length > 0) report(manifest, [...path, key], `label ${show(key)} has the invalid value ${show(labelValue)}: ${plain(valueProblems)}`);
  }
}

/** Where label maps live in an object: its own and its pod template's labels, and its selectors. */
function labelMaps(manifest: Manifest): KeyPath[] {
  const paths: KeyPath[] = [['metadata', 'labels']];
  const pod = podTemplateOf(manifest);
  if (pod && pod.metaPath.length > 1) paths.push([...pod.metaPath, 'labels']);
  const spec = asRecord(manifest.object.spec);
  if (manifest.object.kind === 'Service' || manifest.object.kind === 'ReplicationController') paths.push(['spec', 'selector']);
  else if (asRecord(asRecord(spec?.selector)?.matchLabels)) paths.push(['spec', 'selector', 'matchLabels']);
  return paths;
}

function at(object: unknown, path: KeyPath): unknown {
  let node: unknown = object;
  for (const key of path) node = Array.isArray(node) ? node[key as number] : asRecord(node)?.[key as string];
  return node;
}

/** Annotation keys (lowercased, like ValidateAnnotations) and the 256 KiB total of keys and values. */
function checkAnnotations(manifest: Manifest, path: KeyPath, value: unknown, report: Reporter): void {
  const annotations = asRecord(value);
  if (!annotations) return;
  let total = 0;
  for (const [key, annotationValue] of Object.entries(annotations)) {
    const problems = qualifiedNameProblems(key.toLowerCase());
    if (problems.length > 0) report(manifest, [...path, key], `annotation key ${show(key)} is invalid: ${plain(problems)}`);
    total += Buffer.byteLength(key) + (typeof annotationValue === 'string' ? Buffer.byteLength(annotationValue) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    report(manifest, path, `annotations total ${total} bytes, more than the API server's limit of ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes (256 KiB)`, 'move large values (e.g. a last-applied-configuration) out of annotations: use server-side apply, or a ConfigMap');
  }
}

/** Problems of a port given by number or IANA name (probe ports, Service targetPorts). */
function portRefProblems(port: unknown): string | undefined {
  if (typeof port === 'number') return isValidPortNumber(port) ? undefined : `port ${port} is not between 1 and 65535`;
  if (typeof port === 'string') {
    const problems = portNameProblems(port);
    return problems.length > 0 ? `port name ${show(port)} is not an IANA service name: ${plain(problems)}` : undefined;
  }
  return undefined;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export const apiServerChecks: readonly Check[] = [
  {
    id: 'metadata-name',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'metadata.name is set and valid for its kind: a DNS-1035 label for a Service, a DNS-1123 label for a Namespace, a path segment for RBAC objects, a DNS-1123 subdomain otherwise; a CronJob name has at most 52 characters; a namespace is a DNS-1123 label.',
    hint: 'rename the object: lowercase letters, digits and "-" (and "." where a subdomain is allowed), starting and ending with a letter or digit',
    rationale: 'The API server refuses the object (k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateObjectMeta with the name function of each kind in pkg/apis/*/validation). kubeconform does not check this.',
    run(inventory, report) {
      for (const manifest of inventory.manifests) {
        const kind = manifest.object.kind;
        if (typeof kind !== 'string') continue;
        const metadata = asRecord(manifest.object.metadata);
        const name = metadata?.name;
        if (typeof name !== 'string' || name === '') {
          if (typeof metadata?.generateName !== 'string' && !(kind === 'List' || kind.endsWith('List'))) {
            report(manifest, ['metadata', 'name'], `${kind} has no metadata.name (and no generateName): the API server refuses it ("name or generateName is required")`, 'give the object a name');
          }
        } else {
          const rule = NAME_RULES[kind] ?? SUBDOMAIN;
          const problems = rule.problems(name);
          if (problems.length > 0) report(manifest, ['metadata', 'name'], `${kind} name ${show(name)} is not ${rule.what}: ${plain(problems)}`);
          // pkg/apis/batch/validation/validation.go validateCronJobSpec: len(name) > DNS1035LabelMaxLength-11
          if (kind === 'CronJob' && name.length > CRONJOB_NAME_MAX) {
            report(manifest, ['metadata', 'name'], `CronJob name ${show(name)} has ${name.length} characters; at most ${CRONJOB_NAME_MAX} are allowed (its Jobs append an 11-character suffix)`, 'shorten the name to 52 characters or fewer');
          }
          // apiextensions-apiserver validation: a CRD is named <plural>.<group>
          if (kind === 'CustomResourceDefinition') {
            const spec = asRecord(manifest.object.spec);
            const plural = asString(asRecord(spec?.names)?.plural);
            const crdGroup = asString(spec?.group);
            if (plural && crdGroup && name !== `${plural}.${crdGroup}`) {
              report(manifest, ['metadata', 'name'], `CustomResourceDefinition name ${show(name)} must be spec.names.plural + "." + spec.group (${show(`${plural}.${crdGroup}`)})`, 'name the CRD <plural>.<group>');
            }
          }
        }
        const namespace = metadata?.namespace;
        if (typeof namespace === 'string' && namespace !== '' && !isClusterScoped(kind)) {
          // objectmeta.go ValidateObjectMeta: ValidateNamespaceName (a DNS-1123 label)
          const problems = dns1123LabelProblems(namespace);
          if (problems.length > 0) report(manifest, ['metadata', 'namespace'], `namespace ${show(namespace)} is not a DNS-1123 label: ${plain(problems)}`, 'use a namespace name of lowercase letters, digits and "-", at most 63 characters');
        }
      }
    },
  },
  {
    id: 'metadata-labels',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Label keys (object, pod template and selectors) are qualified names (optional DNS-subdomain prefix of at most 253 characters, "/", a name of at most 63 characters) and values are empty or at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends.',
    hint: 'shorten or respell the label: values at most 63 characters, starting and ending with a letter or digit',
    rationale: 'The API server refuses the object (k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateLabels, ValidateLabelSelector; util/validation IsQualifiedName, IsValidLabelValue).',
    run(inventory, report) {
      for (const manifest of inventory.manifests) {
        for (const path of labelMaps(manifest)) checkLabels(manifest, path, at(manifest.object, path), report);
      }
    },
  },
  {
    id: 'metadata-annotations',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Annotation keys (object and pod template) are qualified names, and all annotations of an object total at most 256 KiB.',
    hint: 'respell the annotation key as [prefix/]name with a DNS-subdomain prefix; keep large data out of annotations',
    rationale: 'The API server refuses the object (k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateAnnotations, TotalAnnotationSizeLimitB).',
    run(inventory, report) {
      for (const manifest of inventory.manifests) {
        checkAnnotations(manifest, ['metadata', 'annotations'], asRecord(manifest.object.metadata)?.annotations, report);
        const pod = podTemplateOf(manifest);
        if (pod && pod.metaPath.length > 1) checkAnnotations(manifest, [...pod.metaPath, 'annotations'], pod.meta.annotations, report);
      }
    },
  },
  {
    id: 'container-fields',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Container and volume names are DNS-1123 labels, unique in the pod (init, regular and ephemeral containers share one name space); env var names are C-like ([-._a-zA-Z][-._a-zA-Z0-9]*).',
    hint: 'rename the container, volume or variable: lowercase letters, digits and "-" for names; letters, digits, "_", "-", "." for variables',
    rationale: 'The API server refuses the pod template (pkg/apis/core/validation/validation.go validateContainers, validateInitContainers, validateVolumes, validateEnv/IsEnvVarName). Kubernetes 1.34 relaxed env var names to printable ASCII except "="; the strict rule holds up to 1.33.',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        const names = new Map<string, string>();
        for (const ref of pod.containers) {
          const name = asString(ref.container.name);
          if (name === undefined) continue; // schema-required
          const problems = dns1123LabelProblems(name);
          if (problems.length > 0) report(pod.manifest, [...ref.path, 'name'], `${ref.label}: the name is not a DNS-1123 label: ${plain(problems)}`);
          const first = names.get(name);
          if (first !== undefined) report(pod.manifest, [...ref.path, 'name'], `${ref.label}: the name is already used by ${first} (container names are unique across init, regular and ephemeral containers)`, 'give each container its own name');
          else names.set(name, ref.label);
          asArray(ref.container.env).forEach((env, index) => {
            const envName = asString(asRecord(env)?.name);
            if (envName === undefined) return;
            const envProblems = envVarNameProblems(envName);
            if (envProblems.length > 0) report(pod.manifest, [...ref.path, 'env', index, 'name'], `${ref.label}: environment variable name ${show(envName)} is invalid: ${plain(envProblems)}`);
          });
        }
        const volumes = new Set<string>();
        asArray(pod.spec.volumes).forEach((volume, index) => {
          const name = asString(asRecord(volume)?.name);
          if (name === undefined) return;
          const path = [...pod.specPath, 'volumes', index, 'name'];
          const problems = dns1123LabelProblems(name);
          if (problems.length > 0) report(pod.manifest, path, `volume name ${show(name)} is not a DNS-1123 label: ${plain(problems)}`);
          if (volumes.has(name)) report(pod.manifest, path, `volume name ${show(name)} is used twice in the pod`, 'give each volume its own name');
          volumes.add(name);
        });
      }
    },
  },
  {
    id: 'port-fields',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Port numbers are 1-65535; container port names and named targetPorts/probe ports are IANA service names (at most 15 characters of a-z, 0-9 and "-", with a letter); port names are unique per container and per Service; a Service with several ports names each.',
    hint: 'use a port number between 1 and 65535 and a name of at most 15 lowercase letters, digits and single hyphens',
    rationale: 'The API server refuses the object (pkg/apis/core/validation/validation.go validateContainerPorts, validateServicePort, validateHTTPGetAction/validatePortNumOrName; util/validation IsValidPortNum, IsValidPortName).',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        for (const ref of pod.containers) {
          const seen = new Set<string>();
          asArray(ref.container.ports).forEach((value, index) => {
            const port = asRecord(value);
            if (!port) return;
            const path = [...ref.path, 'ports', index];
            if (port.containerPort !== undefined && typeof port.containerPort === 'number' && !isValidPortNumber(port.containerPort)) {
              report(pod.manifest, [...path, 'containerPort'], `${ref.label}: containerPort ${port.containerPort} is not between 1 and 65535`);
            }
            if (typeof port.hostPort === 'number' && port.hostPort !== 0 && !isValidPortNumber(port.hostPort)) {
              report(pod.manifest, [...path, 'hostPort'], `${ref.label}: hostPort ${port.hostPort} is not between 1 and 65535`);
            }
            const name = asString(port.name);
            if (name === undefined || name === '') return;
            const problems = portNameProblems(name);
            if (problems.length > 0) report(pod.manifest, [...path, 'name'], `${ref.label}: port name ${show(name)} is not an IANA service name: ${plain(problems)}`);
            if (seen.has(name)) report(pod.manifest, [...path, 'name'], `${ref.label}: port name ${show(name)} is used twice`, 'give each port of the container its own name');
            seen.add(name);
          });
          for (const probe of PROBES) {
            for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
              const port = asRecord(asRecord(ref.container[probe])?.[handler])?.port;
              // gRPC probes take a number only (validateGRPCAction).
              const problem = handler === 'grpc' && typeof port === 'string' ? `gRPC probe port must be a number, not ${show(port)}` : portRefProblems(port);
              if (problem) report(pod.manifest, [...ref.path, probe, handler, 'port'], `${ref.label}: ${probe} ${problem}`);
            }
          }
        }
      }
      for (const service of inventory.ofKind('Service')) {
        const spec = asRecord(service.object.spec) ?? {};
        const ports = asArray(spec.ports);
        const seen = new Set<string>();
        ports.forEach((value, index) => {
          const port = asRecord(value);
          if (!port) return;
          const path: KeyPath = ['spec', 'ports', index];
          if (typeof port.port === 'number' && !isValidPortNumber(port.port)) report(service, [...path, 'port'], `port ${port.port} is not between 1 and 65535`);
          const target = portRefProblems(port.targetPort);
          if (target && !(port.targetPort === 0)) report(service, [...path, 'targetPort'], `targetPort: ${target}`);
          if (typeof port.nodePort === 'number' && port.nodePort !== 0 && !isValidPortNumber(port.nodePort)) report(service, [...path, 'nodePort'], `nodePort ${port.nodePort} is not between 1 and 65535`);
          const name = asString(port.name);
          if (name === undefined || name === '') {
            if (ports.length > 1) report(service, path, `port ${show(port.port)} has no name; a Service with several ports must name each`, 'name every port of the Service');
            return;
          }
          // validateServicePort: service port names are DNS-1123 labels (not IANA names).
          const problems = dns1123LabelProblems(name);
          if (problems.length > 0) report(service, [...path, 'name'], `port name ${show(name)} is not a DNS-1123 label: ${plain(problems)}`);
          if (seen.has(name)) report(service, [...path, 'name'], `port name ${show(name)} is used twice`, 'give each port of the Service its own name');
          seen.add(name);
        });
      }
    },
  },
  {
    id: 'data-keys',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'ConfigMap data/binaryData and Secret data/stringData keys are [-._a-zA-Z0-9]+ (at most 253 characters, not "." or "..").',
    hint: 'rename the key with letters, digits, "-", "_" and "." only (e.g. app.properties, DB_URL)',
    rationale: 'The API server refuses the object (pkg/apis/core/validation/validation.go ValidateConfigMap, ValidateSecret; util/validation IsConfigMapKey).',
    run(inventory, report) {
      for (const [kind, fields] of [['ConfigMap', ['data', 'binaryData']], ['Secret', ['data', 'stringData']]] as const) {
        for (const manifest of inventory.ofKind(kind)) {
          for (const field of fields) {
            for (const key of Object.keys(asRecord(manifest.object[field]) ?? {})) {
              const problems = configMapKeyProblems(key);
              if (problems.length > 0) report(manifest, [field, key], `${kind} key ${show(key)} is invalid: ${plain(problems)}`);
            }
          }
        }
      }
    },
  },
  {
    id: 'cronjob-schedule',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'A CronJob schedule is a valid five-field cron expression or a descriptor (@hourly, @daily, …).',
    hint: 'write five fields: minute hour day-of-month month day-of-week (e.g. "30 2 * * *"), or @hourly/@daily/@weekly/@monthly/@yearly',
    rationale: 'The API server refuses the CronJob (pkg/apis/batch/validation/validation.go validateScheduleFormat, robfig/cron ParseStandard).',
    run(inventory, report) {
      for (const manifest of inventory.ofKind('CronJob')) {
        const schedule = asRecord(manifest.object.spec)?.schedule;
        if (typeof schedule !== 'string') continue;
        const problem = cronProblem(schedule);
        if (problem) report(manifest, ['spec', 'schedule'], `schedule ${show(schedule)} is not a valid cron expression: ${problem}`);
      }
    },
  },
  {
    id: 'priority-class-value',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'A PriorityClass value is at most 1,000,000,000 unless it is one of the system-* classes.',
    hint: 'use a value of at most 1000000000; higher values are reserved for system-node-critical and system-cluster-critical',
    rationale: 'The API server refuses the PriorityClass (pkg/apis/scheduling/validation/validation.go ValidatePriorityClass, HighestUserDefinablePriority).',
    run(inventory, report) {
      for (const manifest of inventory.ofKind('PriorityClass')) {
        const value = manifest.object.value;
        const name = asString(asRecord(manifest.object.metadata)?.name) ?? '';
        if (typeof value === 'number' && value > HIGHEST_USER_PRIORITY && !name.startsWith('system-')) {
          report(manifest, ['value'], `value ${value} is above ${HIGHEST_USER_PRIORITY}, the highest priority a user-defined PriorityClass may have`);
        }
      }
    },
  },
];

/** Why the CronJob controller's parser (robfig/cron standard: five fields or a descriptor) refuses `schedule`; undefined when valid. */
export function cronProblem(schedule: string): string | undefined {
  let expression = schedule.trim();
  // TZ=/CRON_TZ= prefixes are refused since 1.27 when spec.timeZone is set; cronjob-time-zone reports them.
  expression = expression.replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (expression.startsWith('@')) {
    if (CRON_DESCRIPTORS.has(expression) || /^@every\s+\S+$/.test(expression)) return undefined;
    return `unknown descriptor ${show(expression)}`;
  }
  const fields = expression.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}`;
  try {
    CronExpressionParser.parse(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
