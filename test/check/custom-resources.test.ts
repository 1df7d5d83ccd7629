/**
 * Custom resources validated against CRDs learnt from the input and from --crds (files or
 * folders): the strict openAPIV3Schema (unknown fields refused unless preserve-unknown-fields,
 * RE2 (?i) patterns), x-kubernetes-validations CEL rules, and unknown kinds as warnings.
 */
import { describe, expect, it } from 'vitest';
import { runCheckCli } from '../../lib/check/cli';
import { fixture } from './helpers';

function cli(args: string[]): { code: number; findings: { line: number; object: string; check: string; severity: string; path: string; message: string }[] } {
  let stdout = '';
  const code = runCheckCli(['--format', 'json', '--class', 'correctness', ...args], { stdout: (t) => (stdout += t), stderr: () => {} });
  return { code, findings: JSON.parse(stdout).findings };
}

const catalog = fixture('crds', 'catalog');
const crdFile = fixture('crds', 'catalog', 'example.com_widgets.yaml');
const resources = fixture('crds', 'resources');
const summary = (f: { line: number; check: string; severity: string; path: string }) => `${f.line} ${f.severity} ${f.check} ${f.path}`;

const EXPECTED = [
  '1 note schema-cel-skipped ',
  '19 error schema-cel-rule spec',
  '20 error schema-constraint spec.size',
  '23 error schema-unknown-field spec.colour',
  '26 warning schema-unknown-kind kind',
];

describe('custom resources', () => {
  it('GIVEN no CRD for Widget WHEN checked THEN each Widget and the Gadget is an unknown-kind warning with a --crds hint, and the run passes', () => {
    const { code, findings } = cli([resources]);
    expect(findings.map(summary)).toEqual(['2 warning schema-unknown-kind kind', '15 warning schema-unknown-kind kind', '26 warning schema-unknown-kind kind']);
    expect(code).toBe(0);
  });

  it('GIVEN --unknown-kinds error WHEN checked THEN the unknown kinds are errors', () => {
    const { code, findings } = cli(['--unknown-kinds', 'error', resources]);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(code).toBe(1);
  });

  for (const [label, args] of [
    ['--crds FOLDER', ['--crds', catalog, resources]],
    ['--crds FILE', ['--crds', crdFile, resources]],
    ['the CRD in the input', [crdFile, resources]],
  ] as const) {
    it(`GIVEN ${label} WHEN checked THEN the good Widget passes (preserve-unknown-fields, (?i) pattern) and the bad one fails its pattern, unknown field and CEL rule at their lines`, () => {
      const { code, findings } = cli([...args]);
      expect(findings.filter((f) => f.object.startsWith('Widget') || f.object.startsWith('Gadget')).map(summary)).toEqual(EXPECTED);
      expect(findings.find((f) => f.check === 'schema-cel-rule')?.message).toContain('minReplicas must not exceed maxReplicas');
      expect(findings.find((f) => f.check === 'schema-cel-skipped')?.message).toMatch(/^2 x-kubernetes-validations rule evaluations skipped on 2 example.com\/v1 Widget objects/);
      expect(code).toBe(1);
    });
  }
});

describe('bundled CRD schemas come from the upstream CRD files (imports/upstream-crds/)', () => {
  it('GIVEN fields current releases accept (AppProject syncWindows[].syncOverrun, ExternalSecret remoteRef.nullBytePolicy) WHEN validated THEN they pass; a typo still fails', async () => {
    const { validateSchema } = await import('../../lib/check/schema/index');
    const run = (object: Record<string, unknown>) =>
      validateSchema({ file: 'x.yaml', docIndex: 0, line: 1, object, lineOf: () => 1 }).map((v) => `${v.check} ${v.path.join('.')}`);
    const project = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'p' }, spec: { syncWindows: [{ kind: 'deny', schedule: '0 22 * * *', duration: '1h', syncOverrun: true }] } };
    expect(run(project)).toEqual([]);
    const secret = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db' },
      spec: { secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, data: [{ secretKey: 'password', remoteRef: { key: 'db', nullBytePolicy: 'Ignore' } }] },
    };
    expect(run(secret)).toEqual([]);
    const store = { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 's' }, spec: { provider: { fake: { data: [] } }, bogus: 1 } };
    expect(run(store)).toEqual(['schema-unknown-field spec.bogus']);
  });
});
