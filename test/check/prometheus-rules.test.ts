/** PrometheusRules that load and page usefully. */
import { describe, expect, it } from 'vitest';
import { promqlError, promqlSemanticError } from '../../lib/check/checks/prometheus-rules';
import { checkPaths, describeCheckCases, expectFindings, fixture, findingsOf } from './helpers';

const rule = 'spec.groups[0].rules[0]';

describeCheckCases({
  'promql-syntax': [['PrometheusRule shop/api', `${rule}.expr`, 'alert "ApiErrors" in group "api": expr does not parse at column 48, near "by (job) > 1"']],
  'prometheus-group-unique': [['PrometheusRule shop/api', 'spec.groups[1].name', 'group name "api" is already used by groups[0]']],
  'prometheus-alert-unique': [['PrometheusRule shop/api', 'spec.groups[0].rules[1].alert', 'appears again']],
  'prometheus-alert-metadata': [
    ['PrometheusRule shop/api', `${rule}.labels.severity`, 'has no labels.severity'],
    ['PrometheusRule shop/api', `${rule}.annotations.runbook_url`, 'has no annotations.runbook_url'],
  ],
  'prometheus-duration': [
    ['PrometheusRule shop/api', 'spec.groups[0].interval', 'interval "1m30"'],
    ['PrometheusRule shop/api', `${rule}.for`, 'for: "5 minutes"'],
  ],
});

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

describe('promql-syntax: semantics the grammar accepts but Prometheus rejects', () => {
  it('GIVEN promql-syntax/semantic.yaml WHEN checked THEN each rule is reported with its column', () => {
    const report = checkPaths(fixture('promql-syntax', 'semantic.yaml'));
    const object = 'PrometheusRule shop/semantic';
    expectFindings(report, 'promql-syntax', [
      { object, path: 'spec.groups[0].rules[0].expr', message: 'at column 6: expected type range vector in call to function "rate", got instant vector' },
      { object, path: 'spec.groups[0].rules[1].expr', message: 'at column 7: binary expression must contain only scalar and instant vector types, got string' },
      { object, path: 'spec.groups[0].rules[2].expr', message: 'at column 9: invalid regular expression "(" for label job' },
      { object, path: 'spec.groups[0].rules[3].expr', message: 'at column 1: vector selector "{job=\\"\\"}" must contain a metric name or at least one matcher that does not match the empty string' },
    ]);
    expect(findingsOf(report, 'promql-syntax')).toHaveLength(4);
  });

  it.each([
    'rate(x[5m:1m])',
    'sum by (job) (rate(foo{a="b"}[5m] offset 5m))',
    'count_values("x", up)',
    'label_replace(up, "a", "b", "c", "d")',
    'topk(3, up)',
    'rate((foo[5m]))',
    '{"foo"}',
    '1 > bool 2',
    'a > bool on(x) group_left b',
    '-foo',
    'foo @ start()',
    'time()',
    'round(x)',
    'up{job=~"\\\\d+"}',
    'up{job=~"(?i)api|web"}',
    'up{job=~`[[:alpha:]]+`}',
    '{job=~".+"}',
    '{job!=""}',
    'scalar(up) > bool 1',
    'days_in_month()',
  ])('GIVEN %s WHEN checked semantically THEN it is valid', (expr) => {
    expect(promqlSemanticError(expr)).toBeUndefined();
  });

  it.each([
    ['abs(x[5m])', 5, 'expected type instant vector in call to function "abs", got range vector'],
    ['sum(x[5m])', 5, 'expected type instant vector in aggregation expression "sum", got range vector'],
    ['histogram_quantile(0.9, x[5m])', 25, 'got range vector'],
    ['1 > 2', 3, 'comparisons between scalars must use the bool modifier'],
    ['up and 1', 4, 'set operator "and" not allowed in binary scalar expression'],
    ['round(x, 2, 3)', 1, 'expected at most 2 argument(s)'],
    ['up{job=~"\\d+"}', 10, 'unknown escape sequence \\d'],
    ['up{job=~"(?=x)"}', 9, 'lookaround'],
    ['up{job=~"(a)\\\\1"}', 9, 'backreferences'],
    ['{job=~".*"}', 1, 'must contain a metric name'],
    ['up{__name__="x"}', 1, 'metric name must not be set twice'],
    ['(foo[5m])[5m:]', 1, 'subquery is only allowed on an instant vector'],
    ['foo[5m]', 1, 'a rule expression must evaluate to a scalar or an instant vector, got range vector'],
  ])('GIVEN %s WHEN checked semantically THEN column %i: %s', (expr, column, message) => {
    const error = promqlSemanticError(expr);
    expect(error?.column).toBe(column);
    expect(error?.message).toContain(message);
  });
});
