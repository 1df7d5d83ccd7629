/** `extraObjects`: rendered as written with the recommended labels, listed in REPORT.md, checked by the gate. */
import { describe, expect, it } from 'vitest';
import type { Stack } from '../lib/model/schema';
import { renderOverlay } from '../lib/render/render';
import { overlayReport } from '../lib/render/report';
import { checkYaml, findingsOf } from './check/helpers';
import { buildStack } from './constructs/stack-builder';

const FLAGS = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'feature-flags', namespace: 'shop', labels: { team: 'checkout' } }, data: { checkout: 'on' } };

function render(extraObjects: unknown[]) {
  const stack = { ...buildStack(), extraObjects } as Stack;
  return renderOverlay({ environment: 'test', stack });
}

describe('extraObjects', () => {
  it('renders each object as written, with the recommended labels added', () => {
    const file = render([FLAGS]).find((f) => f.path === 'shop/configmap-feature-flags.yaml')!;
    expect(file.object).toMatchObject({ data: { checkout: 'on' } });
    expect(file.object.metadata.labels).toStrictEqual({
      'app.kubernetes.io/name': 'feature-flags',
      'app.kubernetes.io/instance': 'shop-test',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'cdk8s-stack',
      team: 'checkout',
      'app.kubernetes.io/component': 'extra-object',
    });
  });

  it('lists them in REPORT.md', () => {
    const report = overlayReport('test', render([FLAGS]).map((f) => f.object));
    expect(report).toContain('## Extra objects (`extraObjects`)\n\n- ConfigMap shop/feature-flags\n');
    expect(overlayReport('test', render([]).map((f) => f.object))).not.toContain('Extra objects');
  });

  it('refuses an object that clashes with one the stack renders', () => {
    expect(() => render([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' } }])).toThrow(/would both be written to shop\/serviceaccount-api\.yaml/);
  });

  it('is checked by the gate like every rendered object', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'shop' }, spec: { containers: [{ name: 'debug', image: 'busybox:latest' }] } };
    const file = render([pod]).find((f) => f.path === 'shop/pod-debug.yaml')!;
    const report = checkYaml(file.content, file.path);
    const checks = new Set(report.findings.map((f) => f.check));
    for (const check of ['image-tag', 'pss-run-as-non-root', 'resource-requests']) expect(checks).toContain(check);
    expect(findingsOf(report, 'image-tag')[0].object).toContain('debug');
  });
});
