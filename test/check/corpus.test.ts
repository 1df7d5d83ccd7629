/**
 * The corpus: public manifests pinned upstream (test/fixtures/corpus/README.md has the
 * versions and licences). Each set, with its own CRDs, has zero correctness errors; and
 * single-flaw copies (one mutation of one corpus object per rule) fail with that rule at
 * the mutated line. Every file is parsed once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../lib/check/engine';
import { loadPaths, parseManifests } from '../../lib/check/load';
import { isCrdObject } from '../../lib/check/schema/catalog';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus');
const SETS = ['argo-cd', 'kube-prometheus', 'ingress-nginx'] as const;

const loaded = new Map(SETS.map((set) => [set, loadPaths([join(CORPUS, set)])]));

describe('corpus: zero correctness errors', () => {
  for (const set of SETS) {
    it(`GIVEN ${set} (with its own CRDs) WHEN checked with --class correctness THEN no correctness error and no warning`, () => {
      const input = loaded.get(set)!;
      expect(input.errors.map((e) => e.message)).toEqual([]);
      const report = checkManifests(input.manifests, { class: 'correctness', files: input.files });
      const problems = report.findings.filter((f) => f.severity !== 'note').map((f) => `${f.file}:${f.line} ${f.check} ${f.object}: ${f.message}`);
      expect(problems).toEqual([]);
    });
  }

  it('GIVEN kube-prometheus WHEN loaded THEN the ConfigMapList, RoleList and RoleBindingList items are objects: 131 in all', () => {
    expect(loaded.get('kube-prometheus')!.manifests).toHaveLength(131);
  });
});

/** The kube-prometheus CRDs, for flaws in its custom resources. */
const crds = loaded.get('kube-prometheus')!.manifests.filter((m) => isCrdObject(m.object)).map((m) => ({ object: m.object, source: m.file }));

/** [rule, file in kube-prometheus, text to find, replacement]: the finding must be at the line of the replacement. */
const FLAWS: ReadonlyArray<readonly [check: string, file: string, find: string, replace: string]> = [
  ['metadata-name', 'alertmanager-service.yaml', '  name: alertmanager-main\n', '  name: 1-alertmanager-main\n'],
  ['metadata-name', 'alertmanager-service.yaml', '  namespace: monitoring\n', '  namespace: Monitoring\n'],
  ['metadata-labels', 'alertmanager-service.yaml', '    app.kubernetes.io/version: 0.33.0\n', `    app.kubernetes.io/version: ${'v'.repeat(64)}\n`],
  ['metadata-annotations', 'blackboxExporter-deployment.yaml', '        kubectl.kubernetes.io/default-container: blackbox-exporter\n', '        kubectl.kubernetes.io/default container: blackbox-exporter\n'],
  ['port-fields', 'alertmanager-service.yaml', '    port: 9093\n', '    port: 90930\n'],
  ['port-fields', 'blackboxExporter-deployment.yaml', '          name: http\n', '          name: http-and-more-than-15\n'],
  ['container-fields', 'blackboxExporter-deployment.yaml', '        name: blackbox-exporter\n', '        name: Blackbox_Exporter\n'],
  ['data-keys', 'blackboxExporter-configuration.yaml', '  config.yml: |-\n', '  config yml: |-\n'],
  ['schema-unknown-field', 'prometheus-prometheus.yaml', '  replicas: 2\n', '  replicas: 2\n  replicaz: 3\n'],
  ['input-error', 'alertmanager-service.yaml', '  ports:\n', '  ports:\n bad: [\n'],
];

describe('corpus: single-flaw copies', () => {
  for (const [check, file, find, replace] of FLAWS) {
    it(`GIVEN kube-prometheus/${file} with ${JSON.stringify(replace.trim().slice(0, 40))} WHEN checked THEN ${check} at that line`, () => {
      const text = readFileSync(join(CORPUS, 'kube-prometheus', file), 'utf8');
      const at = text.indexOf(find);
      expect(at).toBeGreaterThanOrEqual(0);
      const mutated = text.slice(0, at) + replace + text.slice(at + find.length);
      const line = mutated.slice(0, at).split('\n').length + (replace.startsWith(find) ? find.split('\n').length - 1 : 0);
      const parsed = parseManifests(mutated, file);
      if (check === 'input-error') {
        expect(parsed.errors.map((e) => `${e.line}:${e.col}`)).toEqual([`${line}:2`]);
        return;
      }
      expect(parsed.errors).toEqual([]);
      const before = checkManifests(parseManifests(text, file).manifests, { class: 'correctness', crds });
      expect(before.findings.filter((f) => f.check === check)).toEqual([]);
      const report = checkManifests(parsed.manifests, { class: 'correctness', crds });
      expect(report.findings.filter((f) => f.check === check).map((f) => f.line)).toEqual([line]);
    });
  }
});
