import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../lib/render/yaml';

describe('YAML output', () => {
  // Strings that some parser would read as a boolean, number, null or timestamp.
  const ambiguous = ['on', 'off', 'yes', 'no', 'y', 'N', 'true', 'null', '~', '0755', '0o17', '0x1F', '1e3', '1_000', '12:30', '.inf', '2026-01-01', '+1', '.5'];

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

  it('writes multi-line strings as literal blocks, without folding long lines', () => {
    const long = 'x'.repeat(200);
    expect(toYaml({ script: 'set -e\necho hi\n', long })).toBe(`long: ${long}\nscript: |\n  set -e\n  echo hi\n`);
  });
});
