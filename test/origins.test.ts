/** Each rendered object names the overlay key that produced it (what synth prints beside gate findings). */
import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../lib/synth';
import { DEFAULT_STACK } from './helpers';

describe('where a rendered object comes from in the overlays', () => {
  const dev = renderOutputs({ overlaysDir: DEFAULT_STACK, only: ['dev'] }).folders[0]!;
  const origin = (path: string) => dev.origins?.get(path)?.replace(/^.*\//, '');

  it('names the service an object belongs to, in the file that sets it last (the environment over the base)', () => {
    expect(origin('assistant-dev/deployment-api.yaml')).toMatch(/^dev\.yaml:\d+:3 \(services\.api\)$/);
    expect(origin('assistant-dev/deployment-beat.yaml')).toMatch(/^base\.yaml:\d+:3 \(services\.beat\)$/);
    expect(origin('assistant-dev/networkpolicy-allow-api.yaml')).toMatch(/\(services\.api\)$/);
  });

  it('gives a store the objects named after it (its backup jobs), and the stack what no service owns', () => {
    expect(origin('assistant-dev/cronjob-postgres-backup.yaml')).toMatch(/\(services\.postgres\)$/);
    expect(origin('assistant-dev/cronjob-postgres-restore-verify.yaml')).toMatch(/\(services\.postgres\)$/);
    expect(origin('_cluster/namespace-assistant-dev.yaml')).toMatch(/\(stack\)$/);
  });
});
