/**
 * Uptime from outside (RP-538): the blackbox exporter GETs every public host and health path
 * over HTTPS (module `http_2xx`: a 2xx answer over a certificate it can verify), through a
 * Prometheus Operator `Probe` per public service; two alerts read its results:
 *
 *   EndpointDown              probe_success == 0 for 2 minutes (down, not 2xx, or invalid TLS)
 *   EndpointCertificateExpiring   probe_ssl_earliest_cert_expiry within 14 days
 *
 * The probed series carry `job="uptime"`, `namespace` and `service` (static target labels).
 */
import type { Construct } from 'constructs';
import { Probe, ProbeSpecProberScheme } from '../../imports/probes-monitoring.coreos.com';
import type { ResolvedService } from '../model/schema';
import { monitoringMetadata, type MonitoringObjectProps } from './monitoring-metadata';
import { selector, type ResolvedAlerts, type RuleGroup } from './rules';
import { alert } from './alerts/context';
import type { UptimeSettings } from './dashboards/settings';

/** The job label of every probed series. */
export const UPTIME_JOB = 'uptime';

export interface PublicEndpoint {
  readonly service: string;
  readonly host: string;
  /** The URL probed: `https://<host><health path>`. */
  readonly url: string;
}

/** The public host of a service, if it has one. The one place that says what "public" is (Ingress today; an HTTPRoute's hostname later). */
export function publicHost(service: ResolvedService): { host: string; path: string } | undefined {
  const ingress = service.ingress;
  // An admin route answers only its allow-list, after authentication: a probe from outside would always fail.
  if (!ingress || service.route?.admin) return undefined;
  return { host: ingress.host, path: ingress.path ?? '/' };
}

/**
 * Every public service's host and health path: its readiness (else liveness, startup) HTTP
 * path when the public route reaches it, else the route's path itself.
 */
export function publicEndpoints(services: Readonly<Record<string, ResolvedService>>): PublicEndpoint[] {
  return Object.keys(services)
    .sort()
    .flatMap((service) => {
      const s = services[service]!;
      const route = publicHost(s);
      if (!route) return [];
      const health = [s.health?.readiness, s.health?.liveness, s.health?.startup]
        .map((probe) => (probe as { path?: string } | undefined)?.path)
        .find((path): path is string => typeof path === 'string' && path.startsWith(route.path));
      return [{ service, host: route.host, url: `https://${route.host}${health ?? route.path}` }];
    });
}

export interface UptimeProbeProps extends MonitoringObjectProps {
  readonly endpoint: PublicEndpoint;
  readonly settings: UptimeSettings;
}

export function uptimeProbe(scope: Construct, id: string, props: UptimeProbeProps): Probe {
  const { endpoint, settings } = props;
  return new Probe(scope, id, {
    metadata: monitoringMetadata(props),
    spec: {
      jobName: UPTIME_JOB,
      interval: settings.interval,
      module: settings.module,
      prober: { url: settings.proberUrl, path: '/probe', scheme: ProbeSpecProberScheme.HTTP },
      targets: {
        staticConfig: {
          static: [endpoint.url],
          labels: { namespace: props.namespace, service: endpoint.service },
        },
      },
    },
  });
}

/** The `uptime` alert group, when there is something to probe. */
export function uptimeGroup(namespace: string, endpoints: readonly PublicEndpoint[], alerts: ResolvedAlerts, settings: UptimeSettings): RuleGroup | undefined {
  if (!endpoints.length) return undefined;
  const sel = selector([['namespace', '=', namespace], ['job', '=', UPTIME_JOB]]);
  return {
    name: 'uptime',
    rules: [
      alert(
        alerts,
        'EndpointDown',
        'critical',
        `probe_success${sel} == 0`,
        '2m',
        '{{ $labels.instance }} is down from outside',
        'The blackbox exporter has not had a 2xx answer over valid TLS from {{ $labels.instance }} ({{ $labels.service }} in {{ $labels.namespace }}) for 2 minutes: users cannot reach it.',
      ),
      alert(
        alerts,
        'EndpointCertificateExpiring',
        'warning',
        `probe_ssl_earliest_cert_expiry${sel} - time() < ${settings.certificateExpiryDays * 86400}`,
        '0m',
        'The certificate of {{ $labels.instance }} expires soon',
        `The earliest certificate {{ $labels.instance }} presents expires in {{ $value | humanizeDuration }}, within ${settings.certificateExpiryDays} days: cert-manager has not renewed it.`,
      ),
    ],
  };
}
