import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOverlays, OverlayError } from '../../lib/overlay';
import { explainKey } from '../../lib/overlay/explain';
import { parseKeyPath, setSource } from '../../lib/overlay/layers';
import { FIXTURE_STACK, scratchDir } from '../helpers';

const load = (sets: string[], files: string[] = [], only = ['prod']) => loadOverlays(FIXTURE_STACK, only, { sets, files })[0]!.stack;

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof OverlayError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected an OverlayError');
}

function overlayFile(yaml: string): string {
  const file = join(scratchDir(), 'release.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('command-line layers: -f FILE and --set KEY=VALUE', () => {
  it('reads dotted keys, with quotes around keys that hold dots', () => {
    expect(parseKeyPath('services.api.replicas')).toStrictEqual(['services', 'api', 'replicas']);
    expect(parseKeyPath('images."ghcr.io/acme/api"')).toStrictEqual(['images', 'ghcr.io/acme/api']);
    expect([parseKeyPath('services..api'), parseKeyPath('images."open'), parseKeyPath('')]).toStrictEqual([undefined, undefined, undefined]);
  });

  it('reads the value as YAML: numbers, lists and null (which removes the key)', () => {
    expect((setSource('services.api.replicas=4') as any).data).toStrictEqual({ services: { api: { replicas: 4 } } });
    expect((setSource('services.api.args=[--fast, -v]') as any).data).toStrictEqual({ services: { api: { args: ['--fast', '-v'] } } });
    expect((setSource('services.api.args=null') as any).data).toStrictEqual({ services: { api: { args: null } } });
  });

  it('layers base < environment < -f files in order < --set in order', () => {
    // GIVEN the fixture's prod sets the worker's replicas to 3
    expect(load([]).services.worker.replicas).toBe(3);
    // WHEN a file and two --set flags set it again
    const file = overlayFile('services:\n  worker:\n    replicas: 5\n');
    // THEN the last layer wins
    expect(load([], [file]).services.worker.replicas).toBe(5);
    expect(load(['services.worker.replicas=6', 'services.worker.replicas=7'], [file]).services.worker.replicas).toBe(7);
  });

  it('reports a bad --set by the flag and a bad -f file by line and column, all at once', () => {
    const file = overlayFile('services:\n  api:\n    replicaz: 5\n');
    expect(problemsOf(() => load(['services.api.replicas=lots', 'nothing'], [file]))).toStrictEqual([
      '--set nothing: expected KEY=VALUE with a dotted key, e.g. `--set services.api.replicas=4`',
      '--set services.api.replicas=lots: services.api.replicas: expected an integer, got string "lots"',
      `${file}:3:5: services.api.replicaz: unknown key \`replicaz\` — did you mean \`replicas\`?`,
    ]);
  });
});

describe('images: release versions by image name', () => {
  it('retags every container of that image, main, init and sidecar alike', () => {
    const stack = load(['images."ghcr.io/acme/shop-api"=2.1.0']);
    expect(stack.services.api.image).toBe('ghcr.io/acme/shop-api:2.1.0');
    expect(stack.services.worker.image).toBe('ghcr.io/acme/shop-api:2.1.0');
    expect(stack.services.redis.image).toBe('redis:7.4.1');
  });

  it('pins a digest with @', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(load([`images."ghcr.io/acme/shop-api"=${digest}`]).services.api.image).toBe(`ghcr.io/acme/shop-api@${digest}`);
  });

  it('refuses a name no container runs, and `latest`', () => {
    expect(problemsOf(() => load(['images."ghcr.io/acme/shop-apj"=2.1.0']))[0]).toContain(
      'images."ghcr.io/acme/shop-apj": no container of this environment runs `ghcr.io/acme/shop-apj`',
    );
    expect(problemsOf(() => load(['images."ghcr.io/acme/shop-api"=latest']))[0]).toContain('is not a tag other than `latest`');
  });
});

describe('--explain', () => {
  it('lists every layer that sets the key, the winner last', () => {
    const text = explainKey(FIXTURE_STACK, ['prod'], { sets: ['services.worker.replicas=9'] }, 'services.worker.replicas');
    const lines = text.split('\n');
    expect(lines[0]).toBe('services.worker.replicas in prod = 9');
    expect(lines.at(-1)).toMatch(/^ {2}--set services\.worker\.replicas=9 +9 {3}← wins$/);
    expect(lines.some((l) => /prod\.yaml:\d+:\d+ +3$/.test(l))).toBe(true);
  });

  it('says when the value is the schema default', () => {
    expect(explainKey(FIXTURE_STACK, ['dev'], {}, 'services.api.shutdown.gracePeriod')).toBe(
      'services.api.shutdown.gracePeriod in dev = "30s"\n  not set in any layer: the schema default',
    );
  });
});
