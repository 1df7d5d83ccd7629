/**
 * The typed custom resource classes (imports/*-<group>.ts) and the upstream CRDs they are
 * generated from (imports/upstream-crds/, listed in cdk8s.yaml): the two agree, and every
 * custom object the default stack renders is a kind and served version of one of those CRDs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import * as k8s from '../imports/k8s';
import { ROOT, renderedStack } from './helpers';

interface CrdVersion {
  readonly gvk: string;
  readonly served: boolean;
}

/** `NAME:=path` entries of cdk8s.yaml `imports:`: module name and CRD file. */
const IMPORTS: { readonly name: string; readonly file: string }[] = (
  parse(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8')).imports as string[]
).map((entry) => {
  const [name, file] = entry.split(':=');
  return { name, file };
});

const UPSTREAM = 'imports/upstream-crds';

/** Every version of every CRD in a file, as `group/version/Kind`. */
function crdVersions(file: string): { group: string; versions: CrdVersion[] } {
  const crds = parseAllDocuments(readFileSync(join(ROOT, file), 'utf8'))
    .map((doc) => doc.toJS())
    .filter((crd) => crd?.kind === 'CustomResourceDefinition');
  const groups = new Set(crds.map((crd) => crd.spec.group as string));
  expect(groups.size, `${file}: one API group per file`).toBe(1);
  const versions = crds.flatMap((crd) =>
    (crd.spec.versions as { name: string; served: boolean }[]).map((v) => ({
      gvk: `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`,
      served: v.served,
    })),
  );
  return { group: [...groups][0], versions };
}

/** `apiVersion/kind` of every exported class with a GVK (the API object classes) of a module. */
function classGvks(module: Record<string, unknown>): string[] {
  return Object.values(module)
    .map((value) => (value as { GVK?: { apiVersion: string; kind: string } } | undefined)?.GVK)
    .filter((gvk) => gvk !== undefined)
    .map((gvk) => `${gvk.apiVersion}/${gvk.kind}`)
    .sort();
}

function renderedObjects(): { file: string; gvk: string }[] {
  const dist = renderedStack();
  return (readdirSync(dist, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => {
      const object = parse(readFileSync(join(dist, file), 'utf8'));
      return { file, gvk: `${object.apiVersion}/${object.kind}` };
    });
}

describe('typed custom resources', () => {
  it('cdk8s.yaml imports exactly the vendored CRD files', () => {
    // Vendored for the gate only (it validates them; the renderer emits none): no typed classes.
    const gateOnly = new Set(['argoproj.io_applicationsets.yaml', 'external-secrets.io_secretstores.yaml', 'external-secrets.io_clustersecretstores.yaml']);
    const vendored = readdirSync(join(ROOT, UPSTREAM)).filter((f) => f.endsWith('.yaml') && !gateOnly.has(f)).sort();
    expect(IMPORTS.map((i) => i.file).sort()).toStrictEqual(vendored.map((f) => `${UPSTREAM}/${f}`));
  });

  it.each(IMPORTS.map(({ name, file }) => [name, file]))('imports/%s-<group>.ts has a class for every version of the CRDs in %s', async (name, file) => {
    const { group, versions } = crdVersions(file);
    const module = await import(join(ROOT, 'imports', `${name}-${group}.ts`));
    expect(classGvks(module)).toStrictEqual(versions.map((v) => v.gvk).sort());
  });

  it('every custom object the default stack renders is a kind and served version of a vendored CRD', () => {
    const core = new Set(classGvks(k8s));
    const served = new Set(IMPORTS.flatMap(({ file }) => crdVersions(file).versions.filter((v) => v.served).map((v) => v.gvk)));
    const custom = renderedObjects().filter((o) => !core.has(o.gvk));
    expect(custom.length).toBeGreaterThan(0);
    for (const object of custom) expect(served.has(object.gvk), `${object.file}: ${object.gvk}`).toBe(true);
  });
});
