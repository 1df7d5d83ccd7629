/** `services.<name>.waive`: the waiver annotation on the workload only, and what the schema accepts. */
import { describe, expect, it } from 'vitest';
import { validateMergedStack } from '../../lib/overlay/validate';
import { buildStack, only, synthService } from './stack-builder';

const REASON = 'HA lands with the data-tier issue';

describe('services.<name>.waive', () => {
  it('GIVEN a store that waives single-point-of-failure WHEN rendered THEN its StatefulSet carries the waiver annotation and nothing else does', () => {
    const base = buildStack();
    const stack = buildStack({ redis: { ...base.services.redis, waive: { 'single-point-of-failure': REASON } } as never });
    const { manifests } = synthService(stack, 'redis');
    expect(only(manifests, 'StatefulSet').metadata.annotations).toMatchObject({ 'cdk8s-stack.dev/waive.single-point-of-failure': REASON });
    for (const manifest of manifests.filter((m) => m.kind !== 'StatefulSet')) {
      expect(Object.keys(manifest.metadata.annotations ?? {}).filter((key) => key.includes('waive'))).toStrictEqual([]);
    }
  });

  it('GIVEN no waive key WHEN rendered THEN the workload has no waiver annotation', () => {
    const { manifests } = synthService(buildStack(), 'redis');
    expect(only(manifests, 'StatefulSet').metadata.annotations).toBeUndefined();
  });

  it('GIVEN a blank reason or a check id that is not kebab-case WHEN validated THEN the schema refuses it', () => {
    const stack = structuredClone(buildStack()) as any;
    stack.services.redis.waive = { 'single-point-of-failure': '  ' };
    expect(validateMergedStack(stack).length).toBeGreaterThan(0);
    stack.services.redis.waive = { Single_Point: 'reason' };
    expect(validateMergedStack(stack).length).toBeGreaterThan(0);
  });

  it('GIVEN stack.tier WHEN validated THEN standard and production pass, anything else is refused, and the default is standard', () => {
    expect(buildStack().stack.tier).toBe('standard');
    expect(buildStack({}, { tier: 'production' }).stack.tier).toBe('production');
    const stack = structuredClone(buildStack()) as any;
    stack.stack.tier = 'prod';
    expect(validateMergedStack(stack).map((p) => JSON.stringify(p)).join()).toContain('tier');
  });
});
