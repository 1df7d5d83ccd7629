/** The loader: which files, which documents, which lines, and what counts as unusable input. */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandPaths, loadPaths, manifestsFromObjects, parseManifests } from '../../lib/check/load';
import { fixture } from './helpers';

const tree = fixture('input', 'tree');

describe('expandPaths', () => {
  it('GIVEN a folder WHEN expanded THEN it lists .yaml/.yml files recursively, sorted, without hidden folders or node_modules', () => {
    const { files, errors } = expandPaths([tree]);
    expect(errors).toEqual([]);
    expect(files).toEqual([join(tree, 'a.yaml'), join(tree, 'b', 'c.yml')]);
  });

  it('GIVEN the same file twice (directly and through its folder) WHEN expanded THEN it is read once', () => {
    expect(expandPaths([join(tree, 'a.yaml'), tree]).files).toEqual([join(tree, 'a.yaml'), join(tree, 'b', 'c.yml')]);
  });

  it('GIVEN a missing path WHEN expanded THEN it is an input error naming the path', () => {
    const { errors } = expandPaths(['does/not/exist']);
    expect(errors.map((e) => e.message)).toEqual(['does/not/exist: no such file or folder']);
  });

  it('GIVEN a folder without YAML WHEN expanded THEN it is an input error (a wrong path must not pass silently)', () => {
    const { errors } = expandPaths([fixture('input', 'no-yaml')]);
    expect(errors[0]?.message).toMatch(/holds no \.yaml, \.yml or \.json files/);
  });
});

describe('loadPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN multi-document files with empty documents and a kind: List WHEN loaded THEN every object is a manifest, empty documents skipped', () => {
    const { manifests, errors } = loadPaths([tree]);
    expect(errors).toEqual([]);
    expect(manifests.map((m) => `${m.file.slice(tree.length + 1)}#${m.docIndex} ${m.object.metadata.name}@${m.line}`)).toEqual([
      'a.yaml#0 a1@3',
      'a.yaml#3 a2@10',
      'b/c.yml#0 c1@4',
      'b/c.yml#0 c2@7',
    ]);
  });

  it('GIVEN YAML 1.1 booleans WHEN loaded THEN they read as kubectl reads them (on is true, "on" is a string)', () => {
    const a2 = loadPaths([join(tree, 'a.yaml')]).manifests[1]!;
    expect(a2.object.data).toEqual({ enabled: true, mode: 'on' });
  });

  it('GIVEN a manifest WHEN a key path is resolved THEN lineOf gives the line of that key, or of the deepest part that exists', () => {
    const [, a2] = loadPaths([join(tree, 'a.yaml')]).manifests;
    expect(a2!.lineOf(['data', 'mode'])).toBe(17);
    expect(a2!.lineOf(['metadata', 'namespace'])).toBe(14);
    expect(a2!.lineOf(['metadata', 'labels', 'app'])).toBe(12);
    expect(a2!.lineOf([])).toBe(10);
    const [, c2] = loadPaths([join(tree, 'b', 'c.yml')]).manifests;
    expect(c2!.lineOf(['metadata', 'name'])).toBe(10);
  });

  it('GIVEN a YAML syntax error WHEN loaded THEN it is an input error with file:line:col', () => {
    const file = fixture('input', 'broken', 'syntax-error.yaml');
    const { errors } = loadPaths([file]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(new RegExp(`^${escape(file)}:\\d+:\\d+: YAML: `));
    expect(errors[0]!.line).toBeGreaterThanOrEqual(6);
  });

  it('GIVEN a duplicate key WHEN loaded THEN it is an input error at the second key', () => {
    const file = fixture('input', 'broken', 'duplicate-key.yaml');
    expect(loadPaths([file]).errors.map((e) => e.message)).toEqual([`${file}:5:3: YAML: duplicated mapping key`]);
  });

  it('GIVEN a document that is a list WHEN loaded THEN it is an input error naming the document and its line', () => {
    const file = fixture('input', 'broken', 'not-a-mapping.yaml');
    const { errors, manifests } = loadPaths([file]);
    expect(errors.map((e) => e.message)).toEqual([`${file}:5:1: document 2 is a list, not a mapping (a Kubernetes object)`]);
    expect(manifests).toHaveLength(1);
  });

  it('GIVEN a .yaml link to a file that is gone WHEN loaded THEN the unreadable file is an input error', () => {
    symlinkSync(join(dir, 'missing-target.yaml'), join(dir, 'dangling.yaml'));
    writeFileSync(join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n');
    const { errors, manifests } = loadPaths([dir]);
    expect(errors.map((e) => e.message)).toEqual([`${join(dir, 'dangling.yaml')}: no such file or folder`]);
    expect(manifests).toHaveLength(1);
  });

  it('GIVEN an alias bomb WHEN loaded THEN it is refused instead of expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const { errors } = parseManifests(bomb.join('\n'), 'bomb.yaml');
    expect(errors[0]?.message).toMatch(/^bomb\.yaml:\d+:\d+: YAML: .*alias/i);
  });

  it('GIVEN a billion laughs under the alias count limit (70 aliases, 10^8 nodes) WHEN loaded THEN it is a quick input error at the alias', () => {
    const lines = ['x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 8; i++) lines.push(`k${i}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: b}', 'data:', '  k: *h');
    const started = Date.now();
    const { manifests, errors } = parseManifests(lines.join('\n'), 'bomb2.yaml');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(manifests).toEqual([]);
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/^bomb2\.yaml:5:\d+: YAML: too many alias expansions/)]);
  });

  it('GIVEN anchors and merge keys reused a few times WHEN loaded THEN they are expanded as usual', () => {
    const text = ['base: &base {a: 1, b: [1, 2, 3]}', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x, labels: {<<: *base}}', 'data: {p: *base, q: *base}'].join('\n');
    const { manifests, errors } = parseManifests(text, 'ok.yaml');
    expect(errors).toEqual([]);
    expect(manifests[0]?.object.data).toEqual({ p: { a: 1, b: [1, 2, 3] }, q: { a: 1, b: [1, 2, 3] } });
  });
});

describe('manifestsFromObjects (the synth checks what it rendered, in memory)', () => {
  it('GIVEN objects WHEN turned into manifests THEN lines point into their multi-document YAML rendering', () => {
    const [first, second] = manifestsFromObjects(
      [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { a: 'yes' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' }, data: { b: '2' } },
      ],
      'dist/dev/config.yaml',
    );
    expect(first!.file).toBe('dist/dev/config.yaml');
    expect(first!.lineOf(['data', 'a'])).toBe(6);
    expect(second!.line).toBe(8);
    expect(second!.lineOf(['data', 'b'])).toBe(13);
    expect(second!.object.data).toEqual({ b: '2' });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
