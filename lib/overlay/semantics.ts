/**
 * Rules the JSON Schema cannot express: references between services and what each
 * service type needs. Each returns problems as key paths into the merged stack.
 */
import type { Service, Stack } from '../model/schema';
import type { SchemaProblem } from './validate';
import { suggest } from './validate';
import { isPlaceholder, isSecretLikeName, secretInValue } from '../shared/sensitive';
import { durationSeconds } from '../model/duration';
import { cidrContains } from '../model/formats';
import { backupEngine, hpaResources, podPorts, storeEngine, vpaControlled } from '../model/service-facts';

/** Longest suffix we append to a service name (`-restore-verify`), so every derived name stays ≤ 63. */
export const MAX_SERVICE_NAME = 40;

const TYPE_NEEDS: Record<Service['type'], { ports: boolean; storage: boolean; schedule: boolean }> = {
  web: { ports: true, storage: false, schedule: false },
  worker: { ports: false, storage: false, schedule: false },
  singleton: { ports: false, storage: false, schedule: false },
  store: { ports: true, storage: true, schedule: false },
  external: { ports: true, storage: false, schedule: false },
  cronjob: { ports: false, storage: false, schedule: true },
};

/** Service names whose `allow-<name>` policy would be one the stack always renders. */
const RESERVED_NAMES = new Map([['dns', 'the NetworkPolicy `allow-dns`']]);


/** Keys that make sense only for some types. */
const ONLY_FOR: Record<string, Service['type'][]> = {
  ingress: ['web'],
  autoscaling: ['web', 'worker'],
  pdb: ['web', 'worker', 'store'],
  metrics: ['web', 'worker', 'singleton', 'store'],
  host: ['external'],
  cidr: ['external'],
};
const NOT_FOR_EXTERNAL = ['image', 'resources', 'command', 'args', 'health', 'config', 'env', 'secretEnv', 'externalSecretEnv',
  'initContainers', 'sidecars', 'vpa', 'metrics', 'replicas', 'writablePaths', 'egress', 'dependsOn'];

export function checkStackSemantics(stack: Stack, environment = ''): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  // `app.kubernetes.io/instance` is `<stack>-<environment>`, and a label value holds at most 63 characters.
  const instance = `${stack.stack.name}-${environment}`;
  if (instance.length > 63) {
    problems.push({ path: ['stack', 'name'], message: `with environment \`${environment}\` the instance label \`${instance}\` is ${instance.length} characters; stack name and environment name together may have at most 62` });
  }
  problems.push(...checkWaitCycles(stack));
  const enabled = Object.keys(stack.services).filter((n) => stack.services[n].enabled !== false);
  for (const [name, service] of Object.entries(stack.services)) {
    const at = (...rest: (string | number)[]) => ['services', name, ...rest];
    if (name.length > MAX_SERVICE_NAME) {
      problems.push({
        path: at(),
        message: `service name is ${name.length} characters; at most ${MAX_SERVICE_NAME} leave room for the suffixes of derived object names — shorten it`,
      });
    }
    if (RESERVED_NAMES.has(name)) {
      problems.push({ path: at(), message: `\`${name}\` is taken by a generated object (${RESERVED_NAMES.get(name)}); choose another service name` });
    }
    if (service.enabled === false) continue;
    const needs = TYPE_NEEDS[service.type];
    problems.push(...checkTypeKeys(service, at), ...checkScaling(service, at), ...checkEnv(stack, service, at), ...checkOperations(service, at));
    if (service.type === 'external') {
      if (!service.host) problems.push({ path: at('type'), message: 'an `external` service needs `host` (e.g. `host: db.example.com`)' });
      if (!service.cidr) problems.push({ path: at('type'), message: 'an `external` service needs `cidr`: the network its clients may reach (e.g. `10.20.0.0/16`)' });
    } else {
      if (!service.image) problems.push({ path: at(), message: 'missing required key `image`' });
      if (!service.resources) problems.push({ path: at(), message: 'missing required key `resources`' });
      if (service.type !== 'cronjob' && !service.health?.liveness) {
        problems.push({ path: at(), message: 'a long-running service needs `health.liveness` (a `path`, `command` or `port` probe)' });
      }
      if ((service.type === 'web' || service.type === 'store') && !service.health?.readiness) {
        problems.push({ path: at(), message: `a \`${service.type}\` serves traffic and needs \`health.readiness\`` });
      }
    }
    if (service.shutdown) {
      const [sleep, grace] = [durationSeconds(service.shutdown.preStopSleep), durationSeconds(service.shutdown.gracePeriod)];
      if (grace < 1) problems.push({ path: at('shutdown', 'gracePeriod'), message: 'must be at least 1s: the app needs time to finish after SIGTERM' });
      else if (service.type === 'web' && sleep >= grace) {
        problems.push({
          path: at('shutdown', 'preStopSleep'),
          message: `the preStop pause (${service.shutdown.preStopSleep}) must be shorter than the grace period (${service.shutdown.gracePeriod}), or the pod is killed before it ever gets SIGTERM`,
        });
      }
    }
    const byNumber = new Map<number, string>();
    for (const [portName, port] of Object.entries(podPorts(service))) {
      const other = byNumber.get(port);
      if (other) problems.push({ path: at('ports', portName), message: `port ${port} is already served as \`${other}\`; each port number may be named once` });
      byNumber.set(port, portName);
    }
    for (const [i, rule] of (service.egress ?? []).entries()) {
      for (const [j, except] of (rule.except ?? []).entries()) {
        if (!cidrContains(rule.cidr, except)) {
          problems.push({ path: at('egress', i, 'except', j), message: `${except} is not inside ${rule.cidr}: \`except\` may only carve networks out of \`cidr\`` });
        }
      }
    }
    const containerNames = [name, ...(service.initContainers ?? []).map((c) => c.name), ...(service.sidecars ?? []).map((c) => c.name)];
    for (const [i, c] of containerNames.entries()) {
      if (containerNames.indexOf(c) !== i) problems.push({ path: at(), message: `two containers are named \`${c}\`; container names must be unique in a pod` });
    }
    for (const [i, init] of (service.initContainers ?? []).entries()) {
      if (init.health) problems.push({ path: at('initContainers', i, 'health'), message: 'init containers run to completion and take no probes; remove `health`' });
      if (init.ports) problems.push({ path: at('initContainers', i, 'ports'), message: 'init containers serve no ports; remove `ports`' });
    }
    for (const [i, sidecar] of (service.sidecars ?? []).entries()) {
      if (!sidecar.health?.liveness) problems.push({ path: at('sidecars', i), message: `sidecar \`${sidecar.name}\` runs as long as the pod and needs \`health.liveness\`` });
      if (Object.keys(sidecar.ports ?? {}).length && !sidecar.health?.readiness) {
        problems.push({ path: at('sidecars', i), message: `sidecar \`${sidecar.name}\` serves ports and needs \`health.readiness\`` });
      }
    }
    const portNames = new Set(Object.keys(service.ports ?? {}));
    for (const [i, sidecar] of (service.sidecars ?? []).entries()) {
      for (const port of Object.keys(sidecar.ports ?? {})) {
        if (portNames.has(port)) problems.push({ path: at('sidecars', i, 'ports', port), message: `port name \`${port}\` is already used in this pod; port names must be unique` });
        portNames.add(port);
      }
    }
    if (service.metrics && !portNames.has(service.metrics.port)) {
      problems.push({ path: at('metrics', 'port'), message: `\`${service.metrics.port}\` is not one of the service's ports (${[...portNames].join(', ') || 'none'})` });
    }
    if (service.ingress && service.type === 'web' && !portNames.has(service.ingress.port)) {
      problems.push({ path: at('ingress', 'port'), message: `\`${service.ingress.port}\` is not one of the service's ports (${[...portNames].join(', ') || 'none'})` });
    }
    const ports = Object.keys(service.ports ?? {});
    if (needs.ports && ports.length === 0) {
      problems.push({ path: at('type'), message: `a \`${service.type}\` service needs \`ports\` (e.g. \`ports: { http: 8000 }\`)` });
    }
    if (service.type === 'cronjob' && ports.length > 0) {
      problems.push({ path: at('ports'), message: `a \`${service.type}\` service serves no ports; remove \`ports\`` });
    }
    if (needs.storage && !service.storage) {
      problems.push({ path: at('type'), message: 'a `store` needs `storage` (e.g. `storage: { size: 10Gi }`)' });
    }
    if (!needs.storage && service.storage) {
      problems.push({ path: at('storage'), message: `only a \`store\` has \`storage\`; a \`${service.type}\` keeps no data` });
    }
    if (needs.schedule && !service.schedule) {
      problems.push({ path: at('type'), message: 'a `cronjob` needs `schedule` (e.g. `schedule: "0 2 * * *"`)' });
    }
    if (!needs.schedule && service.schedule !== undefined) {
      problems.push({ path: at('schedule'), message: `only a \`cronjob\` has a \`schedule\`; this is a \`${service.type}\`` });
    }
    const engine = service.type === 'store' ? storeEngine(service) : undefined;
    if ((engine === 'postgres' || engine === 'redis') && (service.replicas ?? 1) > 1) {
      problems.push({
        path: at('replicas'),
        message: `${service.replicas} ${engine} pods of a StatefulSet are independent servers, not replicas of one database; run one (or use an operator, or \`type: external\` for a managed service)`,
      });
    }
    if (service.type === 'singleton' && service.replicas !== undefined && service.replicas !== 1) {
      problems.push({ path: at('replicas'), message: `a \`singleton\` runs exactly one replica; remove \`replicas: ${service.replicas}\`` });
    }
    for (const [i, dep] of (service.dependsOn ?? []).entries()) {
      if (dep === name) {
        problems.push({ path: at('dependsOn', i), message: 'a service cannot depend on itself' });
      } else if (!Object.hasOwn(stack.services, dep)) {
        const hint = suggest(dep, Object.keys(stack.services));
        problems.push({
          path: at('dependsOn', i),
          message: `\`${dep}\` is not a service of this stack${hint ? ` — did you mean \`${hint}\`?` : `; services: ${enabled.join(', ')}`}`,
        });
      } else if (!enabled.includes(dep)) {
        problems.push({ path: at('dependsOn', i), message: `\`${dep}\` is disabled in this environment (enabled: false); enable it or drop the dependency` });
      }
    }
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = service.health?.[kind];
      if (!probe) continue;
      const ways = [probe.path, probe.command, probe.port].filter((w) => w !== undefined).length;
      if (ways !== 1 && !(probe.path && probe.port)) {
        problems.push({ path: at('health', kind), message: 'give exactly one of `path` (HTTP), `command` (exec) or `port` (TCP)' });
      }
      const port = probe.port ?? (probe.path ? 'http' : undefined);
      if (port && !ports.includes(port)) {
        problems.push({
          path: at('health', kind, probe.port ? 'port' : 'path'),
          message: `probes port \`${port}\`, which the service does not declare in \`ports\` (${ports.join(', ') || 'none'})`,
        });
      }
    }
  }
  return problems;
}

function checkTypeKeys(service: Service, at: (...rest: (string | number)[]) => (string | number)[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [key, types] of Object.entries(ONLY_FOR)) {
    if ((service as Record<string, unknown>)[key] !== undefined && !types.includes(service.type)) {
      problems.push({ path: at(key), message: `\`${key}\` applies only to ${types.map((t) => `\`${t}\``).join(', ')} services, not \`${service.type}\`` });
    }
  }
  if (service.type === 'external') {
    for (const key of NOT_FOR_EXTERNAL) {
      if ((service as Record<string, unknown>)[key] !== undefined) {
        problems.push({ path: at(key), message: `an \`external\` service runs nothing in the cluster; remove \`${key}\`` });
      }
    }
  }
  return problems;
}

function checkScaling(service: Service, at: (...rest: (string | number)[]) => (string | number)[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const hpa = service.autoscaling;
  if (hpa) {
    if (hpa.minReplicas > hpa.maxReplicas) {
      problems.push({ path: at('autoscaling', 'minReplicas'), message: `minReplicas (${hpa.minReplicas}) is greater than maxReplicas (${hpa.maxReplicas}); swap them or raise maxReplicas` });
    }
    if (service.replicas !== undefined) {
      problems.push({ path: at('replicas'), message: 'give either `replicas` or `autoscaling`, not both: the HPA owns the replica count (set `replicas: null` in this environment)' });
    }
  }
  const pdb = service.pdb?.maxUnavailable;
  if (pdb !== undefined) {
    const blocks = pdb === 0 || (typeof pdb === 'string' && /^0+%$/.test(pdb));
    if (blocks) problems.push({ path: at('pdb', 'maxUnavailable'), message: `maxUnavailable ${JSON.stringify(pdb)} would block every node drain; use 1 or more (or a % above 0)` });
    else if (typeof pdb === 'string' && !/^([1-9][0-9]?|100)%$/.test(pdb)) problems.push({ path: at('pdb', 'maxUnavailable'), message: `${JSON.stringify(pdb)} is not a pod count or a percentage like \`25%\`` });
    else if (typeof pdb === 'number' && pdb < 0) problems.push({ path: at('pdb', 'maxUnavailable'), message: 'must be 1 or more' });
  }
  const vpa = service.vpa;
  if (vpa && vpa.mode !== 'Off') {
    const controlled = vpaControlled(service);
    const unbounded = controlled.filter((r) => vpa.maxAllowed?.[r] === undefined);
    if (unbounded.length) {
      problems.push({
        path: at('vpa'),
        message: `a VPA in mode \`${vpa.mode}\` needs \`maxAllowed\` for ${unbounded.join(' and ')}: without a ceiling the namespace quota cannot be sized to admit the pods it resizes`,
      });
    }
  }
  if (vpa && vpa.mode !== 'Off' && hpa) {
    const scaled = hpaResources(hpa);
    const clash = (vpa.controlledResources ?? []).filter((r) => scaled.includes(r));
    if (clash.length) {
      problems.push({
        path: at('vpa', 'controlledResources'),
        message: `the VPA would update ${clash.join(' and ')}, which the HPA scales on: they would fight. Use \`mode: Off\` or leave ${clash.join(' and ')} out`,
      });
    } else if (vpa.controlledResources === undefined && scaled.length === 2) {
      problems.push({ path: at('vpa', 'mode'), message: `the HPA scales on cpu and memory, so the VPA has nothing it may update in mode \`${vpa.mode}\`; use \`mode: Off\` (recommendations only)` });
    }
  }
  return problems;
}

function checkEnv(stack: Stack, service: Service, at: (...rest: (string | number)[]) => (string | number)[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Map<string, string>();
  for (const source of ['env', 'config', 'secretEnv', 'externalSecretEnv'] as const) {
    for (const key of Object.keys(service[source] ?? {})) {
      const first = seen.get(key);
      if (first) problems.push({ path: at(source, key), message: `\`${key}\` is also set in \`${first}\`; an environment variable may come from one place only` });
      else seen.set(key, source);
      if (source !== 'env' && source !== 'config') continue;
      // The gate's own notion of "secret-looking", so the overlay stops what the gate would reject.
      const value = String(service[source]![key]);
      const inValue = secretInValue(value);
      if (isSecretLikeName(key) && !isPlaceholder(value)) {
        problems.push({ path: at(source, key), message: `\`${key}\` looks like a secret: never put its value in Git — use \`secretEnv\` (an existing Secret) or \`externalSecretEnv\`` });
      } else if (inValue) {
        problems.push({ path: at(source, key), message: `\`${key}\` holds ${inValue}: never put it in Git — use \`secretEnv\` or \`externalSecretEnv\`` });
      }
    }
  }
  if (service.externalSecretEnv && !stack.stack.secretStore) {
    problems.push({ path: at('externalSecretEnv'), message: '`externalSecretEnv` needs `stack.secretStore` (the External Secrets store to read from)' });
  }
  return problems;
}

/**
 * Services wait at startup for the dependencies they declare (when `waitForDependencies` is
 * on and the dependency serves ports): a cycle of such waits never starts.
 */
function checkWaitCycles(stack: Stack): SchemaProblem[] {
  const waits = (name: string): string[] => {
    const service = stack.services[name];
    if (!service || service.enabled === false || service.waitForDependencies === false || service.type === 'external') return [];
    return (service.dependsOn ?? []).filter((dep) => {
      const target = Object.hasOwn(stack.services, dep) ? stack.services[dep] : undefined;
      return target && target.enabled !== false && target.type !== 'external' && Object.keys(target.ports ?? {}).length > 0;
    });
  };
  const problems: SchemaProblem[] = [];
  const reported = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    for (const dep of waits(name)) {
      const at = path.indexOf(dep);
      if (at >= 0) {
        const cycle = [...path.slice(at), dep];
        const key = [...cycle.slice(0, -1)].sort().join(',');
        if (reported.has(key)) continue;
        reported.add(key);
        problems.push({
          path: ['services', cycle[cycle.length - 2], 'dependsOn'],
          message: `waiting for dependencies would deadlock: ${cycle.join(' → ')}; set \`waitForDependencies: false\` on one of them`,
        });
      } else if (path.length < 50) {
        visit(dep, [...path, dep]);
      }
    }
  };
  for (const name of Object.keys(stack.services).sort()) visit(name, [name]);
  return problems;
}

/** Backups and SLOs: what the schema cannot say about them. */
function checkOperations(service: Service, at: (...rest: (string | number)[]) => (string | number)[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const backup = service.backup;
  if (backup && backup.enabled !== false) {
    if (service.type !== 'store') {
      problems.push({ path: at('backup'), message: `only a \`store\` has backups; this is a \`${service.type}\`` });
    } else if (!backupEngine(service, backup)) {
      problems.push({ path: at('backup'), message: `cannot tell what \`${service.image}\` is; set \`backup.engine\` to postgres, qdrant or redis` });
    } else if (!backup.target.pvc && !backup.target.s3) {
      problems.push({ path: at('backup', 'target'), message: 'give `pvc` (e.g. `pvc: { size: 50Gi }`), `s3` or both' });
    } else if (backupEngine(service, backup) === 'postgres' && backup.restoreVerify?.enabled !== false && !backup.target.pvc) {
      problems.push({ path: at('backup', 'restoreVerify'), message: 'the restore verification reads the `pvc` target; add `target.pvc` or set `restoreVerify.enabled: false`' });
    }
  }
  if (service.slo && (!service.metrics || service.type !== 'web')) {
    problems.push({ path: at('slo'), message: 'an SLO needs a `web` service with `metrics` (the SLIs are its request metrics)' });
  }
  return problems;
}
