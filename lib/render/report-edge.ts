/**
 * REPORT.md's edge section: per public host, the Gateway and listener its route attaches to, TLS
 * (certificate and issuer), HSTS, rate limits, allow-list and authentication, read from the
 * rendered objects (HTTPRoute, Gateway, Certificate, BackendTrafficPolicy, SecurityPolicy) or, on an
 * Ingress edge, from the Ingresses.
 */
import type { KubeObject } from './files';

type Obj = Record<string, any>;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function policiesOf(objects: readonly KubeObject[], kind: string, route: Obj): Obj[] {
  return (objects as readonly Obj[]).filter(
    (o) => o.kind === kind && o.metadata.namespace === route.metadata.namespace && (o.spec?.targetRefs ?? []).some((t: Obj) => t.kind === 'HTTPRoute' && t.name === route.metadata.name && !t.sectionName),
  );
}

function rateLimitText(policies: Obj[]): string {
  const rules = policies.flatMap((p) => p.spec?.rateLimit?.local?.rules ?? []);
  if (!rules.length) return '—';
  return rules
    .map((r: Obj) => `${r.limit.requests}/${String(r.limit.unit).toLowerCase()}${(r.clientSelectors ?? []).some((c: Obj) => c.sourceCIDR?.type === 'Distinct') ? ' per client IP' : ''}`)
    .join(', ');
}

function hstsText(route: Obj): string {
  const values = new Set<string>();
  for (const rule of route.spec?.rules ?? []) {
    for (const f of rule.filters ?? []) {
      for (const h of f.responseHeaderModifier?.set ?? []) if (String(h.name).toLowerCase() === 'strict-transport-security') values.add(h.value);
    }
  }
  return values.size ? [...values].map((v) => `\`${v}\``).join(', ') : 'none';
}

export function edgeSection(objects: readonly KubeObject[]): string[] {
  const all = objects as readonly Obj[];
  const routes = all.filter((o) => o.kind === 'HTTPRoute' && (o.spec?.rules ?? []).some((r: Obj) => r.backendRefs?.length));
  const ingresses = all.filter((o) => o.kind === 'Ingress');
  if (!routes.length && !ingresses.length) return [];
  const out = ['## Edge', ''];
  if (routes.length) {
    const gateways = all.filter((o) => o.kind === 'Gateway');
    const ctp = all.filter((o) => o.kind === 'ClientTrafficPolicy');
    const rows: string[][] = [];
    for (const route of routes) {
      const parent = route.spec.parentRefs?.[0] ?? {};
      const gateway = gateways.find((g) => g.metadata.name === parent.name && g.metadata.namespace === (parent.namespace ?? route.metadata.namespace));
      const listener = gateway?.spec.listeners.find((l: Obj) => l.name === parent.sectionName);
      const secret = listener?.tls?.certificateRefs?.[0]?.name;
      const certificate = all.find((o) => o.kind === 'Certificate' && o.metadata.namespace === route.metadata.namespace && o.spec?.secretName === secret);
      const minVersion = ctp.find((p) => (p.spec?.targetRefs ?? []).some((t: Obj) => t.kind === 'Gateway' && t.name === gateway?.metadata.name))?.spec?.tls?.minVersion;
      const tls = gateway
        ? certificate
          ? `${certificate.metadata.name} from ${certificate.spec.issuerRef.kind} ${certificate.spec.issuerRef.name}, key rotation ${certificate.spec.privateKey?.rotationPolicy ?? 'Never'}${minVersion ? `, TLS ≥ ${minVersion}` : ''}`
          : secret ? `Secret ${secret} (not issued by the stack)` : 'none'
        : 'the platform Gateway\'s';
      const security = policiesOf(objects, 'SecurityPolicy', route);
      const cidrs = security.flatMap((p) => (p.spec?.authorization?.rules ?? []).flatMap((r: Obj) => r.principal?.clientCIDRs ?? []));
      const auth = security.flatMap((p) => [
        ...(p.spec?.basicAuth ? [`basic auth (Secret ${p.spec.basicAuth.users.name})`] : []),
        ...(p.spec?.oidc ? ['OIDC'] : []),
        ...(p.spec?.extAuth ? ['external auth'] : []),
      ]);
      for (const host of route.spec.hostnames ?? ['*']) {
        rows.push([
          host,
          `${parent.namespace ? `${parent.namespace}/` : ''}${parent.name} / ${parent.sectionName ?? 'all listeners'}`,
          route.metadata.name,
          tls,
          hstsText(route),
          rateLimitText(policiesOf(objects, 'BackendTrafficPolicy', route)),
          cidrs.length ? cidrs.join(', ') : 'anyone',
          auth.length ? auth.join(', ') : 'none',
        ]);
      }
    }
    rows.sort((a, b) => byText(a[0], b[0]) || byText(a[2], b[2]));
    const redirect = routes.length && all.some((o) => o.kind === 'HTTPRoute' && (o.spec?.rules ?? []).every((r: Obj) => (r.filters ?? []).some((f: Obj) => f.type === 'RequestRedirect')));
    out.push(
      'Public hosts through the Gateway API' + (redirect ? ' (plain HTTP answers with a redirect to HTTPS):' : ':'),
      '',
      `| ${['host', 'gateway / listener', 'route', 'TLS', 'HSTS', 'rate limit', 'allow-list', 'auth'].join(' | ')} |`,
      `| ${Array(8).fill('---').join(' | ')} |`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
    );
  }
  if (ingresses.length) {
    out.push('Public hosts through Ingresses:', '', '| host | ingress | class | TLS secret | issuer |', '| --- | --- | --- | --- | --- |');
    for (const ingress of ingresses) {
      for (const rule of ingress.spec?.rules ?? []) {
        const tls = (ingress.spec?.tls ?? []).find((t: Obj) => (t.hosts ?? []).includes(rule.host));
        out.push(`| ${rule.host} | ${ingress.metadata.name} | ${ingress.spec?.ingressClassName ?? 'default'} | ${tls?.secretName ?? 'none'} | ${ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'] ?? '—'} |`);
      }
    }
    out.push('');
  }
  return out;
}
