import { describe, expect, it } from 'vitest';
import { formatPath, MANIFEST_PATH, OVERLAY_PATH } from '../../lib/shared/key-path';

describe('formatPath', () => {
  it('writes manifest paths the way reviewers do, indexing keys that are not identifiers', () => {
    expect(formatPath(['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe('spec.template.spec.containers[0].image');
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'], MANIFEST_PATH)).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(formatPath(['data', '$ref', '1st', 'a b'])).toBe('data.$ref["1st"]["a b"]');
    expect(formatPath(['app.kubernetes.io/name', 'x'])).toBe('["app.kubernetes.io/name"].x');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('');
  });

  it('writes overlay paths with quoted keys as dotted segments', () => {
    expect(formatPath(['services', 'api', 'dependsOn', 0], OVERLAY_PATH)).toBe('services.api.dependsOn[0]');
    expect(formatPath(['services', 'api', 'config', 'log.level'], OVERLAY_PATH)).toBe('services.api.config."log.level"');
    expect(formatPath(['services', 'api', 'config', '1st', '$ref'], OVERLAY_PATH)).toBe('services.api.config.1st."$ref"');
    expect(formatPath(['a b', 'c'], OVERLAY_PATH)).toBe('"a b".c');
    expect(formatPath([0, 'a'], OVERLAY_PATH)).toBe('[0].a');
  });
});
