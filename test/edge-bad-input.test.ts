/**
 * Bad edge and files input, end to end on a copy of the frozen default stack: one line per problem with
 * file:line:col and key path, exit 2 and nothing written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadOverlays, OverlayError } from '../lib/overlay';
import { appendTo, replaceIn, runScript, scratchDir, scratchOverlays } from './helpers';

function problemsOf(dir: string): string[] {
  try {
    loadOverlays(dir);
  } catch (err) {
    if (err instanceof OverlayError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected the overlays to be rejected');
}

describe('bad edge and files input', () => {
  it('names each semantic problem at its key: short HSTS in prod, an undefined issuer, a duplicate host and path, colliding mounts, a readable secret', () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'prod.yaml', '    hsts: { preload: true }', '    hsts: { preload: true, maxAge: 3600 }');
    replaceIn(dir, 'staging.yaml', 'stack:\n  namespace: assistant-staging\n', 'stack:\n  namespace: assistant-staging\n  edge:\n    tls: { issuer: letsencrypt-test }\n');
    replaceIn(dir, 'staging.yaml', '    ingress: { host: flower.staging.assistant.example.com, path: /flower }', '    ingress: { host: api.staging.assistant.example.com }');
    appendTo(dir, 'dev.yaml', [
      '  beat:',
      '    files:',
      '      - { name: a, mountPath: /etc/beat, secret: beat-a, mode: "0644" }',
      '      - { name: b, mountPath: /etc/beat/b, configMap: beat-b }',
      '',
    ].join('\n'));
    const problems = problemsOf(dir);
    expect(problems).toEqual(expect.arrayContaining([
      `${dir}/prod.yaml:10:28: stack.edge.hsts.maxAge: HSTS max-age 3600 s is under a day in a production environment; set \`hsts.maxAge\` to 86400 or more (a year: 31536000)`,
      expect.stringMatching(new RegExp(`^${dir}/staging\\.yaml:6:12: stack\\.edge\\.tls\\.issuer: no environment defines the issuer \`letsencrypt-test\``)),
      expect.stringMatching(/staging\.yaml:\d+:\d+: services\.flower\.ingress\.host: `api\.staging\.assistant\.example\.com` with path `\/` is already routed to `api`/),
      expect.stringMatching(/dev\.yaml:\d+:\d+: services\.beat\.files\[0\]\.mode: mode `0644` lets group or others read the secret/),
      expect.stringMatching(/dev\.yaml:\d+:\d+: services\.beat\.files\[1\]\.mountPath: `\/etc\/beat\/b` collides with the mount `a`/),
    ]));
  });

  it('synth exits 2 on an allow-list entry that is not a CIDR and a rate limit of 0, and writes nothing', () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'staging.yaml', 'allowFrom: [10.8.0.0/16, 192.0.2.0/24]', 'allowFrom: [10.8.0.0/16, office]');
    replaceIn(dir, 'staging.yaml', 'rateLimit: { requests: 10, unit: Second }', 'rateLimit: { requests: 0, unit: Second }');
    const out = scratchDir();
    const run = runScript('synth', ['--overlays', dir, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${dir}/staging\\.yaml:\\d+:\\d+: services\\.flower\\.route\\.allowFrom\\[1\\]: "office" is not an IPv4 CIDR`));
    expect(run.stderr).toMatch(new RegExp(`${dir}/staging\\.yaml:\\d+:\\d+: services\\.flower\\.route\\.rateLimit\\.requests: `));
    expect(run.stderr).toContain('nothing was written');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out) ? readdirSync(out) : []).toStrictEqual([]);
  });
});
