/** The CloudNativePG pattern: what a Postgres store with `postgres.operator: cloudnative-pg` renders. */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { NetworkPolicies } from '../../lib/constructs/network-policies';
import { PostgresCluster } from '../../lib/constructs/postgres-cluster';
import { cloudNativePg } from '../../lib/model/cloudnative-pg';
import type { RunnableService } from '../../lib/model/service-facts';
import { CloudNativePgStore } from '../../lib/patterns/cloudnative-pg';
import { patternOf } from '../../lib/patterns';
import { StoreService } from '../../lib/patterns/store';
import { buildStack, kinds, LABELS, NAMESPACE, only, synthService } from './stack-builder';

const S3 = { bucket: 'backups', endpoint: 'https://s3.example.com', secretName: 'backup-s3' };
const postgres = (settings: Record<string, unknown> = {}) => ({
  type: 'store' as const,
  image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
  ports: { postgres: 5432 },
  resources: { cpu: '500m', memory: '1Gi' },
  storage: { size: '20Gi', mountPath: '/var/lib/postgresql/data' },
  health: { liveness: { port: 'postgres' }, readiness: { port: 'postgres' } },
  postgres: { operator: 'cloudnative-pg', ...settings },
  backup: { target: { s3: S3 } },
});

describe('CloudNativePgStore', () => {
  it('is picked for a store with operator cloudnative-pg; any other store keeps the StatefulSet', () => {
    const stack = buildStack({ db: postgres() });
    expect(patternOf(stack.services.db)).toBe(CloudNativePgStore);
    expect(patternOf(stack.services.redis)).toBe(StoreService);
  });

  it('renders a Cluster, its PodMonitor and a Pooler, and no StatefulSet, Service or PDB of ours', () => {
    const { manifests } = synthService(buildStack({ db: postgres({ instances: 3, pooler: {} }) }), 'db');
    expect(kinds(manifests)).toStrictEqual(['Cluster', 'PodMonitor', 'Pooler']);
  });

  it('spreads the instances, replicates with a quorum, archives WAL within the RPO', () => {
    const { manifests } = synthService(buildStack({ db: postgres({ instances: 3, walStorage: { size: '5Gi' } }) }), 'db');
    const { spec } = only(manifests, 'Cluster');
    expect(spec.instances).toBe(3);
    expect(spec.affinity).toStrictEqual({ enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' });
    expect(spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { 'cnpg.io/cluster': 'db' } } });
    expect(spec.postgresql.synchronous).toStrictEqual({ method: 'any', number: 1, dataDurability: 'required' });
    expect(spec.postgresql.parameters).toStrictEqual({ archive_timeout: '300s' });
    expect(spec.plugins).toStrictEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'db-backups' } }]);
    expect(spec.storage).toStrictEqual({ size: '20Gi' });
    expect(spec.walStorage).toStrictEqual({ size: '5Gi' });
    expect(spec.bootstrap).toStrictEqual({ initdb: { database: 'app', owner: 'app' } });
    expect(spec.inheritedMetadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'shop-test' });
  });

  it('leaves synchronous replication off below 3 instances, and archiving off without a backup', () => {
    const stack = buildStack({ db: { ...postgres({ instances: 2 }), backup: undefined } });
    const { spec } = only(synthService(stack, 'db').manifests, 'Cluster');
    expect(spec.postgresql.synchronous).toBeUndefined();
    expect(spec.plugins).toBeUndefined();
  });

  it('keeps managed roles with their passwords by Secret reference', () => {
    const roles = [{ name: 'reporting', inRoles: ['pg_read_all_data'], passwordSecret: 'reporting-password' }];
    const { spec } = only(synthService(buildStack({ db: postgres({ roles }) }), 'db').manifests, 'Cluster');
    expect(spec.managed.roles).toStrictEqual([
      { name: 'reporting', ensure: 'present', login: true, inRoles: ['pg_read_all_data'], passwordSecret: { name: 'reporting-password' } },
    ]);
  });

  it('puts PgBouncer in transaction mode in front of the primary', () => {
    const { spec } = only(synthService(buildStack({ db: postgres({ pooler: { instances: 3, defaultPoolSize: 10 } }) }), 'db').manifests, 'Pooler');
    expect(spec).toMatchObject({
      cluster: { name: 'db' },
      instances: 3,
      type: 'rw',
      pgbouncer: { poolMode: 'transaction', parameters: { max_client_conn: '1000', default_pool_size: '10' } },
    });
    expect(spec.template.metadata.labels['app.kubernetes.io/name']).toBe('db-pooler-rw');
  });

  it('scrapes the instances on their metrics port', () => {
    const { spec } = only(synthService(buildStack({ db: postgres() }), 'db').manifests, 'PodMonitor');
    expect(spec.selector.matchLabels).toStrictEqual({ 'cnpg.io/cluster': 'db', 'cnpg.io/podRole': 'instance' });
    expect(spec.podMetricsEndpoints).toStrictEqual([{ port: 'metrics', interval: '30s', scrapeTimeout: '10s' }]);
  });
});

describe('PostgresCluster', () => {
  it('renders without a monitor when none is asked for', () => {
    const stack = buildStack({ db: postgres() });
    const chart = Testing.chart();
    const service = stack.services.db as RunnableService;
    new PostgresCluster(chart, 'pg', {
      metadata: { name: 'db', namespace: NAMESPACE },
      service,
      postgres: cloudNativePg(service)!,
      podLabels: {},
      priorityClassName: 'shop-stores',
      archive: false,
    });
    expect(kinds(Testing.synth(chart))).toStrictEqual(['Cluster']);
  });
});

describe('clients of a CloudNativePG store', () => {
  const stack = buildStack({
    db: postgres({ instances: 2, pooler: {} }),
    app: { type: 'worker', image: 'ghcr.io/acme/api:1.2.3', resources: { cpu: '100m', memory: '128Mi' }, health: { liveness: { command: ['true'] } }, dependsOn: ['db'] },
  });

  it('get DATABASE_URL from the operator\'s Secret, the pooler as DATABASE_HOST, the standbys as DATABASE_READ_HOST, and wait for the pooler', () => {
    const pod = only(synthService(stack, 'app').manifests, 'Deployment').spec.template.spec;
    expect(pod.containers[0].env).toStrictEqual([
      { name: 'DATABASE_HOST', value: 'db-pooler-rw' },
      { name: 'DATABASE_PORT', value: '5432' },
      { name: 'DATABASE_READ_HOST', value: 'db-ro' },
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db-app', key: 'uri' } } },
    ]);
    expect(pod.initContainers[0].command[2]).toContain('until nc -z -w 2 db-pooler-rw 5432');
  });

  it('reach the pooler and the instances; the instances accept the operator, each other, the pooler and the clients', () => {
    const chart = Testing.chart();
    new NetworkPolicies(chart, 'net', { stack, namespace: NAMESPACE, labels: LABELS });
    const manifests = Testing.synth(chart);
    const spec = (name: string) => manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === `allow-${name}`).spec;
    const app = (name: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'shop-test' } } });
    const instances = { podSelector: { matchLabels: { 'cnpg.io/cluster': 'db' } } };
    expect(spec('app').egress).toContainEqual({ to: [app('db-pooler-rw'), instances], ports: [{ protocol: 'TCP', port: 5432 }] });
    const db = spec('db');
    expect(db.ingress[0]).toStrictEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cnpg-system' } } }],
      ports: [{ protocol: 'TCP', port: 8000 }, { protocol: 'TCP', port: 5432 }],
    });
    expect(db.ingress).toContainEqual({ from: [instances], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 8000 }] });
    expect(db.ingress).toContainEqual({ from: [app('db-pooler-rw'), app('app')], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(db.egress).toContainEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] });
    expect(db.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    expect(spec('db-pooler-rw').egress).toContainEqual({ to: [instances], ports: [{ protocol: 'TCP', port: 5432 }] });
  });
});
