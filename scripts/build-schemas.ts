/**
 * Regenerates the committed schema documents of the policy gate from npm
 * dependencies (no network):
 *
 * - lib/check/schema/generated/kubernetes-1.28.json from cdk8s-plus-28's
 *   generated Kubernetes 1.28 imports (see lib/check/schema/kubernetes-dts.ts);
 * - lib/check/schema/generated/crds.json from the @kubernetes-models CRD
 *   packages (see lib/check/schema/models-dts.ts and models-probe.ts).
 *
 *   npx tsx scripts/build-schemas.ts
 *
 * test/check/schema/generated-freshness.test.ts fails when a committed file no
 * longer matches what this script would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { k8s } from 'cdk8s-plus-28';
import { generateKubernetesSchemas, type KindClass } from '../lib/check/schema/kubernetes-dts';
import { generateModelSchemas, type ModelRoot } from '../lib/check/schema/models-dts';
import { probeConstraints } from '../lib/check/schema/models-probe';

const require = createRequire(import.meta.url);
const generated = (name: string): string => fileURLToPath(new URL(`../lib/check/schema/generated/${name}`, import.meta.url));

export const KUBERNETES_SCHEMA_FILE = generated('kubernetes-1.28.json');
export const CRD_SCHEMA_FILE = generated('crds.json');

/** The custom resource kinds taken from @kubernetes-models packages: [package, group/version directory, kinds]. */
const CRD_KINDS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['@kubernetes-models/prometheus-operator', 'monitoring.coreos.com/v1', ['ServiceMonitor', 'PodMonitor', 'PrometheusRule']],
  ['@kubernetes-models/argo-cd', 'argoproj.io/v1alpha1', ['Application', 'AppProject', 'ApplicationSet']],
  ['@kubernetes-models/external-secrets', 'external-secrets.io/v1', ['ExternalSecret', 'SecretStore', 'ClusterSecretStore']],
  ['@kubernetes-models/external-secrets', 'external-secrets.io/v1beta1', ['ExternalSecret', 'SecretStore', 'ClusterSecretStore']],
];

function packageDir(name: string): string {
  // The packages' export maps hide package.json from require.resolve, so address it directly.
  return fileURLToPath(new URL(`../node_modules/${name}/`, import.meta.url));
}

const render = (doc: unknown): string => `${JSON.stringify(doc, null, 1)}\n`;

/** The exact text generated/kubernetes-1.28.json must have. */
export function renderKubernetesSchemas(): string {
  const pkg = require('cdk8s-plus-28/package.json') as { readonly version: string };
  const dts = readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s.d.ts'), 'utf8');
  const kindClasses: KindClass[] = [];
  for (const [className, value] of Object.entries(k8s)) {
    const gvk = (value as { readonly GVK?: { readonly apiVersion: string; readonly kind: string } }).GVK;
    if (className.startsWith('Kube') && gvk) kindClasses.push({ className, apiVersion: gvk.apiVersion, kind: gvk.kind });
  }
  return render(
    generateKubernetesSchemas(dts, kindClasses, {
      kubernetesVersion: '1.28',
      source: `cdk8s-plus-28@${pkg.version} lib/imports/k8s.d.ts`,
    }),
  );
}

/** The exact text generated/crds.json must have. */
export async function renderCrdSchemas(): Promise<string> {
  const roots: ModelRoot[] = [];
  const sources: Record<string, string> = {};
  for (const [pkg, groupVersion, kinds] of CRD_KINDS) {
    const dir = packageDir(pkg);
    sources[pkg] = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    for (const kind of kinds) roots.push({ file: join(dir, groupVersion, `${kind}.d.ts`), kind });
  }
  const { kinds, definitions } = await probeConstraints(generateModelSchemas(roots));
  return render({ sources, kinds, definitions });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(KUBERNETES_SCHEMA_FILE, renderKubernetesSchemas());
  writeFileSync(CRD_SCHEMA_FILE, await renderCrdSchemas());
  console.log(`wrote ${KUBERNETES_SCHEMA_FILE}\nwrote ${CRD_SCHEMA_FILE}`);
}
