/**
 * Regenerates the committed schema documents of the policy gate from npm
 * dependencies (no network):
 *
 * - lib/check/schema/generated/kubernetes-1.28.json from cdk8s-plus-28's
 *   generated Kubernetes 1.28 imports (see schema-build/kubernetes-dts.ts),
 *   with the enums that d.ts lacks read back from kubernetes-models'
 *   precompiled validators (probeEnums in schema-build/models-probe.ts);
 * The custom resource schemas are not generated: the gate reads the upstream
 * CRD files in imports/upstream-crds/ (lib/check/schema/crds.ts).
 *
 *   npx tsx scripts/build-schemas.ts
 *
 * test/check/schema/generated.test.ts fails when a committed file no
 * longer matches what this script would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { k8s } from 'cdk8s-plus-28';
import type { JsonSchema } from '../lib/check/schema/types';
import { documentedEnums, generateKubernetesSchemas, type KindClass } from './schema-build/kubernetes-dts';
import { probeEnums } from './schema-build/models-probe';

const require = createRequire(import.meta.url);
const generated = (name: string): string => fileURLToPath(new URL(`../lib/check/schema/generated/${name}`, import.meta.url));

export const KUBERNETES_SCHEMA_FILE = generated('kubernetes-1.28.json');

function packageDir(name: string): string {
  // The packages' export maps hide package.json from require.resolve, so address it directly.
  return fileURLToPath(new URL(`../node_modules/${name}/`, import.meta.url));
}

const render = (doc: unknown): string => `${JSON.stringify(doc, null, 1)}\n`;

/**
 * Where the core enums come from. Kubernetes dropped enums from its OpenAPI v2
 * document after 1.24; kubernetes-models regenerates the spec with them and
 * compiles one ajv validator per definition (`_schemas/<Definition>.js`).
 * kubernetes-models 5.x is generated from the Kubernetes 1.36 OpenAPI (5.0.0
 * changelog: "Update to Kubernetes v1.36.0"), so a few enums carry values added
 * after 1.28 (e.g. ResourceQuota scope `VolumeAttributesClass`, toleration
 * operators `Gt`/`Lt`): the gate then accepts a value a 1.28 API server would
 * refuse, never the other way round. Definitions 1.36 no longer serves (1.28
 * alpha/beta APIs) keep no enums.
 */
const ENUM_PACKAGE = 'kubernetes-models';

/** Adds the core enums: structured (validators) first, the d.ts documentation only for what they lack. */
async function withEnums(definitions: Readonly<Record<string, JsonSchema>>, dts: string): Promise<{ definitions: Record<string, JsonSchema>; documented: string[] }> {
  const probed = await probeEnums(definitions, [join(packageDir(ENUM_PACKAGE), '_schemas')]);
  const result = { ...probed.definitions };
  const documented: string[] = [];
  for (const [field, values] of documentedEnums(dts)) {
    const [name, prop] = field.split('#') as [string, string];
    const schema = result[name]?.properties?.[prop];
    if (!schema || schema.type !== 'string' || schema.enum) continue;
    result[name] = { ...result[name], properties: { ...result[name]!.properties, [prop]: { ...schema, enum: values } } };
    documented.push(field);
  }
  return { definitions: result, documented: documented.sort() };
}

/** The exact text generated/kubernetes-1.28.json must have. */
export async function renderKubernetesSchemas(): Promise<string> {
  const pkg = require('cdk8s-plus-28/package.json') as { readonly version: string };
  const enumPkg = (JSON.parse(readFileSync(join(packageDir(ENUM_PACKAGE), 'package.json'), 'utf8')) as { version: string }).version;
  const dts = readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s.d.ts'), 'utf8');
  const kindClasses: KindClass[] = [];
  for (const [className, value] of Object.entries(k8s)) {
    const gvk = (value as { readonly GVK?: { readonly apiVersion: string; readonly kind: string } }).GVK;
    if (className.startsWith('Kube') && gvk) kindClasses.push({ className, apiVersion: gvk.apiVersion, kind: gvk.kind });
  }
  const document = generateKubernetesSchemas(dts, kindClasses, {
    kubernetesVersion: '1.28',
    source: `cdk8s-plus-28@${pkg.version} lib/imports/k8s.d.ts`,
  });
  const { definitions, documented } = await withEnums(document.definitions, dts);
  return render({
    kubernetesVersion: document.kubernetesVersion,
    source: document.source,
    enumSource: [`${ENUM_PACKAGE}@${enumPkg} _schemas/*.js (Kubernetes 1.36 OpenAPI)`, ...documented.map((f) => `${f} from the k8s.d.ts documentation`)].join('; '),
    kinds: document.kinds,
    definitions,
  });
}

/** `definition#field` of every core field with an enum in the committed document, for reports and tests. */
export function kubernetesEnumFields(documentText: string): string[] {
  const doc = JSON.parse(documentText) as { definitions: Record<string, JsonSchema> };
  const fields: string[] = [];
  for (const [name, def] of Object.entries(doc.definitions)) {
    for (const [prop, schema] of Object.entries(def.properties ?? {})) if (schema.enum ?? schema.items?.enum) fields.push(`${name}#${prop}`);
  }
  return fields.sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kubernetes = await renderKubernetesSchemas();
  writeFileSync(KUBERNETES_SCHEMA_FILE, kubernetes);
  console.log(`wrote ${KUBERNETES_SCHEMA_FILE} (${kubernetesEnumFields(kubernetes).length} fields with enums)`);
}
