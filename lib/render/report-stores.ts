/**
 * The "Stores" section of `REPORT.md`: per store of the environment, what runs it (read from
 * the rendered objects), how many copies, where its backups go and the recovery point and time
 * the overlay promises, and whether the environment is production (gated against single points
 * of failure). Settings other engines add (`postgres.rpo`, `postgres.rto`) are read defensively:
 * an overlay without them still reports.
 */
import type { ResolvedService, Stack } from '../model/schema';
import { traitsOf } from '../model/service-kinds';
import { WAIVER_PREFIX } from '../shared/waivers';
import type { KubeObject } from './files';

type Obj = Record<string, any>;

const SPOF_WAIVER = `${WAIVER_PREFIX}single-point-of-failure`;

/** The rendered objects of one store, by the names the engines give them. */
interface StoreObjects {
  readonly cluster?: Obj;
  readonly statefulSet?: Obj;
  readonly sentinel?: Obj;
  readonly headless?: Obj;
  readonly objectStore?: Obj;
}

function storeObjects(name: string, objects: readonly KubeObject[]): StoreObjects {
  const find = (kind: string, objectName: string, group?: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === objectName && (group === undefined || String(o.apiVersion).startsWith(`${group}/`))) as Obj | undefined;
  return {
    cluster: find('Cluster', name, 'postgresql.cnpg.io'),
    statefulSet: find('StatefulSet', name),
    sentinel: find('StatefulSet', `${name}-sentinel`),
    headless: find('Service', `${name}-headless`),
    objectStore: find('ObjectStore', `${name}-backups`),
  };
}

/** What runs the store, as the rendered objects say. */
export function storeEngine(found: StoreObjects): string {
  if (found.cluster) return 'CloudNativePG';
  if (found.sentinel) return 'Redis with Sentinel';
  if (found.statefulSet && found.headless && replicasOf(found.statefulSet) > 1) return 'distributed';
  return found.statefulSet ? 'StatefulSet' : '—';
}

function replicasOf(object: Obj): number {
  const spec = object.spec ?? {};
  const value = object.kind === 'Cluster' ? spec.instances : spec.replicas;
  return typeof value === 'number' ? value : 1;
}

function copiesText(found: StoreObjects): string {
  if (found.cluster) return `${replicasOf(found.cluster)} instance(s)`;
  if (!found.statefulSet) return '—';
  const data = `${replicasOf(found.statefulSet)}`;
  return found.sentinel ? `${data} + ${replicasOf(found.sentinel)} sentinels` : data;
}

/** Where backups go: the CNPG object store when rendered, else the overlay's backup target. */
export function backupTargetText(service: ResolvedService, found: StoreObjects): string {
  const destination = found.objectStore?.spec?.configuration?.destinationPath;
  if (typeof destination === 'string') return destination;
  const backup = service.backup;
  if (!backup || backup.enabled === false) return 'none';
  const targets: string[] = [];
  if (backup.target.pvc) targets.push(`pvc (${backup.target.pvc.size})`);
  if (backup.target.s3) targets.push(`s3://${backup.target.s3.bucket}${backup.target.s3.prefix ? `/${backup.target.s3.prefix}` : ''}`);
  return targets.join(' + ') || 'none';
}

/** The common shapes of a 5-field cron schedule, with the interval between two runs. */
const CRON_SHAPES: readonly (readonly [RegExp, (match: RegExpExecArray) => string])[] = [
  [/^\d+ \d+ \* \* \*$/, () => '24h'],
  [/^\d+ \d+ \* \* \d$/, () => '7d'],
  [/^\d+ \* \* \* \*$/, () => '1h'],
  [/^\d+ \*\/(\d+) \* \* \*$/, (match) => `${match[1]}h`],
  [/^\*\/(\d+) \* \* \* \*$/, (match) => `${match[1]}m`],
];

/** The interval between two runs of a cron schedule (hourly, every N hours or minutes, daily, weekly); otherwise the schedule itself. */
export function cronInterval(schedule: string): string {
  const normalised = schedule.trim().split(/\s+/).join(' ');
  for (const [shape, interval] of CRON_SHAPES) {
    const match = shape.exec(normalised);
    if (match) return interval(match);
  }
  return `\`${schedule}\``;
}

/** The engine's own settings block, when another engine file added one (`postgres`, `sentinel`, …). */
function engineSetting(service: ResolvedService, block: string, key: string): string | undefined {
  const value = ((service as Obj)[block] as Obj | undefined)?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Promised recovery point and time: the engine's `rpo`/`rto` when set, else the backup interval and no RTO. */
export function recoveryText(service: ResolvedService, found: StoreObjects): { rpo: string; rto: string } {
  const block = found.cluster ? 'postgres' : found.sentinel ? 'sentinel' : 'distributed';
  const rpo = engineSetting(service, block, 'rpo') ?? (service.backup && service.backup.enabled !== false ? `${cronInterval(service.backup.schedule)} (backup interval)` : '—');
  return { rpo, rto: engineSetting(service, block, 'rto') ?? 'not promised' };
}

/** Waived (with the reason), gated (production, so the render passed the check), or not checked. */
function spofText(found: StoreObjects, production: boolean): string {
  const waiver = (found.cluster ?? found.statefulSet)?.metadata?.annotations?.[SPOF_WAIVER];
  if (typeof waiver === 'string') return `waived: ${waiver}`;
  return production ? 'none (gated)' : 'not checked';
}

function storeRow(name: string, service: ResolvedService, objects: readonly KubeObject[], production: boolean): string[] {
  const found = storeObjects(name, objects);
  const { rpo, rto } = recoveryText(service, found);
  return [name, storeEngine(found), copiesText(found), backupTargetText(service, found), rpo, rto, spofText(found, production)];
}

/** The section's lines: a sentence on the tier and one row per enabled store. */
export function storesSection(stack: Stack, objects: readonly KubeObject[], table: (header: string[], rows: string[][]) => string[]): string[] {
  const stores = Object.entries(stack.services)
    .filter(([, service]) => service.enabled !== false && traitsOf(service).keepsData)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const production = stack.stack.tier === 'production';
  const tier = production
    ? 'Tier: **production** (`stack.tier`): synth runs the policy gate with the single-point-of-failure check here; a store that one node can take down fails the render unless waived.'
    : 'Tier: standard (`stack.tier`): no single-point-of-failure requirement.';
  if (stores.length === 0) return ['## Stores', '', tier, '', 'No stores.', ''];
  const rows = stores.map(([name, service]) => storeRow(name, service as ResolvedService, objects, production));
  return ['## Stores', '', tier, '', ...table(['store', 'engine', 'replicas', 'backup target', 'RPO promised', 'RTO promised', 'single point of failure'], rows), ''];
}
