/**
 * Alertmanager configurations in rendered output, and `amtool check-config` on them.
 *
 * A full Alertmanager configuration travels in a Secret (the Prometheus Operator's
 * `alertmanager-<name>` Secret, the Helm chart's) or a ConfigMap, under the key
 * `alertmanager.yaml` (or `.yml`); one added through extra objects is checked as it is. The
 * operator's `AlertmanagerConfig` resources (what `stack.alerting` renders) are route fragments,
 * which amtool cannot check on their own: those of one environment folder are translated into the
 * plain configuration the operator generates (lib/operations/alertmanager-plain.ts) and checked.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { alertmanagerConfigObjects, plainAlertmanagerYaml } from '../../lib/operations/alertmanager-plain';

export interface AlertmanagerConfig {
  /** `<file>: <Kind> <namespace>/<name> <key>`, for messages. */
  readonly source: string;
  readonly text: string;
}

const CONFIG_KEY = /^alertmanager\.ya?ml$/;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

/** The configuration texts an object carries: `data` (base64 in a Secret) and a Secret's `stringData`. */
function configsOf(object: any): [key: string, text: string][] {
  const entries = (map: unknown) => Object.entries((map ?? {}) as Record<string, unknown>).filter(([key, value]) => CONFIG_KEY.test(key) && typeof value === 'string') as [string, string][];
  if (object?.kind === 'ConfigMap') return entries(object.data);
  if (object?.kind !== 'Secret') return [];
  return [...entries(object.data).map(([key, value]): [string, string] => [key, Buffer.from(value, 'base64').toString('utf8')]), ...entries(object.stringData)];
}

/**
 * Every Alertmanager configuration in the YAML files under `dir`: those carried whole in a Secret
 * or ConfigMap, then, per top-level folder (an environment), its AlertmanagerConfigs translated.
 */
export function alertmanagerConfigs(dir: string): AlertmanagerConfig[] {
  const fragments = new Map<string, unknown[]>();
  const whole = yamlFiles(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) => {
      const object = doc.toJS();
      const folder = relative(dir, file).split(/[\\/]/)[0]!;
      if (alertmanagerConfigObjects([object]).length) fragments.set(folder, [...(fragments.get(folder) ?? []), object]);
      const id = `${relative(dir, file)}: ${object?.kind} ${object?.metadata?.namespace ?? ''}/${object?.metadata?.name}`;
      return configsOf(object).map(([key, text]) => ({ source: `${id} ${key}`, text }));
    }),
  );
  const translated = [...fragments.keys()].sort().map((folder) => {
    const objects = alertmanagerConfigObjects(fragments.get(folder)!);
    return { source: `${folder}/: ${objects.length} AlertmanagerConfig(s), as the Prometheus Operator merges them`, text: plainAlertmanagerYaml(objects) };
  });
  return [...whole, ...translated];
}

export function amtoolPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v amtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** `amtool check-config` on one configuration, written to `work`. */
export function amtoolCheckConfig(config: AlertmanagerConfig, work: string): { ok: boolean; output: string } {
  const file = join(work, 'alertmanager.yaml');
  writeFileSync(file, config.text);
  const result = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
