import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../lib/render/yaml';

describe('YAML output', () => {
  // Strings that some parser would read as a boolean, number, null or timestamp.
  const ambiguous = ['=', '<<', 'On', 'NULL', '- x', 'a: b', 'a #b', '#x', '@x', '*x', '&x', '!x', '%x', '[1]', '{a}', 'a,b', '', ' x', 'x ', '1:20:30', '12e+03', '1.0', '-1', '0b101', '.NaN', 'on', 'off', 'yes', 'no', 'y', 'N', 'true', 'null', '~', '0755', '0o17', '0x1F', '1e3', '1_000', '12:30', '.inf', '2026-01-01', '+1', '.5'];

  it.each(ambiguous)('quotes %j so YAML 1.1 and 1.2 parsers both read a string', (value) => {
    const text = toYaml({ value });
    expect(text).toMatch(/^value: "/);
    expect(parse(text, { version: '1.1' }).value).toBe(value);
    expect(parse(text, { version: '1.2' }).value).toBe(value);
  });

  it('leaves plain words unquoted and keeps numbers and booleans typed', () => {
    expect(toYaml({ a: 'nginx', b: 3, c: true, d: '250m' })).toBe('a: nginx\nb: 3\nc: true\nd: 250m\n');
  });

  it('orders apiVersion, kind, metadata first, then the rest alphabetically, whatever the input order', () => {
    const text = toYaml({ spec: { b: 1, a: 2 }, metadata: { labels: { z: 'a' }, name: 'x' }, kind: 'K', apiVersion: 'v1' });
    expect(text).toBe('apiVersion: v1\nkind: K\nmetadata:\n  name: x\n  labels:\n    z: a\nspec:\n  a: 2\n  b: 1\n');
  });

  it.each([
    'line1\nline2', 'ends with newline\n', 'two newlines\n\n', '  indented first\nsecond\n', '\nstarts with newline',
    'trailing space \nx', 'tab\tinside', 'cr\r\nlf', 'quote "inside"', "single 'inside'", 'back\\slash', 'unicode é ✓',
    'colon:inside', 'http://x:80/a?b=c&d', 'ref $(HOSTNAME)', 'celery@$(HOSTNAME)', '0 2 * * *', 'a - b', 'x:', 'x :y',
    '\n', '\n\n', 'Caf\u007f\u0085e', 'x\n\u0085y\n', 'line\u2028sep', '\ufeffbom', 'tab\there\n',
  ])('round-trips %j exactly through YAML 1.1 and 1.2 parsers', (value) => {
    const text = toYaml({ value, list: [value, [value], { value }] });
    for (const version of ['1.1', '1.2'] as const) {
      expect(parse(text, { version })).toStrictEqual({ value, list: [value, [value], { value }] });
    }
  });

  it('writes nested lists and maps as a block structure that parses back', () => {
    const object = { a: [[1, 2], [], {}, { b: [{ c: 'd', e: [] }] }], f: {}, g: [{ h: null, i: false }] };
    const text = toYaml(object);
    expect(text).toBe('a:\n  - - 1\n    - 2\n  - []\n  - {}\n  - b:\n      - c: d\n        e: []\nf: {}\ng:\n  - h: null\n    i: false\n');
    expect(parse(text)).toStrictEqual(object);
  });

  it('writes multi-line strings as literal blocks, without folding long lines', () => {
    const long = 'x'.repeat(200);
    expect(toYaml({ script: 'set -e\necho hi\n', long })).toBe(`long: ${long}\nscript: |\n  set -e\n  echo hi\n`);
  });
});

// PyYAML is the strictest YAML 1.1 reader around (it rejects control characters outright).
const pyyaml = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
if (!pyyaml) console.warn('python3 with PyYAML not found: the PyYAML cross-check of the YAML output was not run');

describe.skipIf(!pyyaml)('YAML output read by PyYAML (YAML 1.1)', () => {
  it('reads every tricky string back exactly', () => {
    const values = ['on', 'yes', 'no', 'y', '0755', '1e3', '1_000', '12:30', '2026-01-01', '=', '<<', '~', '', '\n', '\n\n',
      'Caf\u007f\u0085e', 'x\n\u0085y\n', 'line\u2028sep', '\ufeffbom', 'a: b', '- x', '#x', 'multi\nline\n', '  indented\nx\n',
      'trailing \nspace', 'é ✓ 漢字', 'quote "x"', "it's"];
    const text = toYaml({ values });
    const py = spawnSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: text, encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    expect(JSON.parse(py.stdout)).toStrictEqual({ values });
  });
});
