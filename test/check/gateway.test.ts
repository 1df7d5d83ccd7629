/** The Gateway API edge: parents, backends, grants, policy targets, admin routes; in production HTTPS and HSTS. */
import { describe, expect, it } from 'vitest';
import { checkPaths, checkPathsForProduction, describeCheckCases, expectFindings, findingsOf, fixture } from './helpers';

describeCheckCases({
  'route-parent': [
    ['HTTPRoute shop/lost', 'spec.parentRefs[0].name', 'parent Gateway shop/missing is not in the input and not declared external'],
    ['HTTPRoute shop/web', 'spec.parentRefs[0].sectionName', 'Gateway shop/edge has no listener "https-admin" (it has "http", "https-web")'],
  ],
  'route-backend': [
    ['HTTPRoute shop/lost', 'spec.rules[0].backendRefs[0].name', 'backend Service shop/frontend does not exist in the input'],
    ['HTTPRoute shop/web', 'spec.rules[0].backendRefs[0].port', 'backend port 8080 is not a port of Service web (it has 80 (http))'],
  ],
  'reference-grant': [
    ['HTTPRoute shop/search', 'spec.rules[0].backendRefs[0].namespace', 'backend Service search/search is in another namespace and no ReferenceGrant there allows HTTPRoutes from "shop"'],
  ],
  'policy-target': [
    ['BackendTrafficPolicy shop/lost', 'spec.targetRefs[0].name', 'target HTTPRoute shop/shop is not in the input'],
    ['BackendTrafficPolicy shop/web-reads', 'spec.targetRefs[0].sectionName', 'HTTPRoute shop/web has no rule named "reads"'],
  ],
  'admin-route-protected': [
    ['HTTPRoute shop/web', 'metadata.annotations["cdk8s-stack.dev/admin-route"]', 'admin route without authentication'],
  ],
});

describe('route-https-hsts (production only)', () => {
  it('GIVEN route-https-hsts/fail.yaml WHEN checked for production THEN a plain-HTTP route and a short HSTS are reported', () => {
    const report = checkPathsForProduction(fixture('route-https-hsts', 'fail.yaml'));
    expectFindings(report, 'route-https-hsts', [
      { object: 'HTTPRoute shop/plain', path: 'spec.parentRefs[0]', message: 'attaches to plain-HTTP listener "http" of Gateway shop/edge without redirecting to HTTPS' },
      { object: 'HTTPRoute shop/web', path: 'spec.rules[0].filters', message: 'Strict-Transport-Security max-age 3600 is under a day (86400 s)' },
    ]);
  });

  it('GIVEN route-https-hsts/pass.yaml (HTTPS route with HSTS, redirect route) WHEN checked for production THEN nothing is reported', () => {
    expect(findingsOf(checkPathsForProduction(fixture('route-https-hsts', 'pass.yaml')), 'route-https-hsts')).toEqual([]);
  });

  it('GIVEN route-https-hsts/fail.yaml WHEN checked without --production THEN the check does not run', () => {
    expect(findingsOf(checkPaths(fixture('route-https-hsts', 'fail.yaml')), 'route-https-hsts')).toEqual([]);
  });
});
