/** PrometheusRules that load and page usefully. */
import { describe, expect, it } from 'vitest';
import { promqlError } from '../../lib/check/checks/prometheus-rules';
import { describeCheckCases } from './helpers';

const rule = 'spec.groups[0].rules[0]';

describeCheckCases([
  {
    check: 'promql-syntax',
    fails: [{ object: 'PrometheusRule shop/api', path: `${rule}.expr`, message: 'alert "ApiErrors" in group "api": expr does not parse at column 48, near "by (job) > 1"' }],
  },
  { check: 'prometheus-group-unique', fails: [{ object: 'PrometheusRule shop/api', path: 'spec.groups[1].name', message: 'group name "api" is already used by groups[0]' }] },
  { check: 'prometheus-alert-unique', fails: [{ object: 'PrometheusRule shop/api', path: 'spec.groups[0].rules[1].alert', message: 'appears again' }] },
  {
    check: 'prometheus-alert-metadata',
    fails: [
      { object: 'PrometheusRule shop/api', path: `${rule}.labels.severity`, message: 'has no labels.severity' },
      { object: 'PrometheusRule shop/api', path: `${rule}.annotations.runbook_url`, message: 'has no annotations.runbook_url' },
    ],
  },
  {
    check: 'prometheus-duration',
    fails: [
      { object: 'PrometheusRule shop/api', path: 'spec.groups[0].interval', message: 'interval "1m30"' },
      { object: 'PrometheusRule shop/api', path: `${rule}.for`, message: 'for: "5 minutes"' },
    ],
  },
]);

describe('promqlError (the official Prometheus grammar)', () => {
  it.each([
    'up == 0',
    'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2',
    'absent_over_time(up{job="api"}[10m])',
    '(1 - avg_over_time(probe_success[30d])) > bool 0.001',
  ])('GIVEN %s WHEN parsed THEN it is valid', (expr) => {
    expect(promqlError(expr)).toBeUndefined();
  });

  it.each([
    ['rate(foo[5m]', 1, 13, 'the end of the expression'],
    ['foo +', 1, 6, 'the end of the expression'],
    ['foo{job=}', 1, 9, '"}"'],
    ['sum(rate(x[5m]))\n  / on(job) bar baz', 2, 17, '"baz"'],
  ])('GIVEN %j WHEN parsed THEN the error is at line %i, column %i, near %s', (expr, line, column, near) => {
    expect(promqlError(expr)).toMatchObject({ line, column, near });
  });
});
