/**
 * `certificates`: a cert-manager Certificate of the stack's gateway is close to expiry (its
 * renewal, `renewBefore` ahead, has not happened) or not Ready. Rendered when the stack renders
 * Certificates (`stack.edge.mode: gateway` with `stack.edge.tls`). Metrics: cert-manager's own
 * (`certmanager_certificate_expiration_timestamp_seconds`, `certmanager_certificate_ready_status`).
 */
import { selector } from '../rules';
import { alert, type AlertContext } from './context';
import type { RuleGroup } from '../rules';

export function certificatesGroup(ctx: AlertContext): RuleGroup | undefined {
  const certificates = ctx.input.certificates;
  if (!certificates?.names.length) return undefined;
  const sel = selector([ctx.ns, ['name', '=~', certificates.names.join('|')]]);
  // Renewal starts `renewBefore` ahead; half of that left means renewals have been failing for a while.
  const warnSeconds = Math.floor(certificates.renewBeforeSeconds / 2);
  const warnDays = Math.round(warnSeconds / 86400);
  return {
    name: 'certificates',
    rules: [
      alert(
        ctx.alerts,
        'CertificateExpiringSoon',
        'warning',
        `certmanager_certificate_expiration_timestamp_seconds${sel} - time() < ${warnSeconds}`,
        '1h',
        'Certificate {{ $labels.name }} expires in less than ' + `${warnDays} days`,
        `Certificate {{ $labels.name }} in {{ $labels.namespace }} expires in {{ $value | humanizeDuration }}: cert-manager should have renewed it ${Math.round(certificates.renewBeforeSeconds / 86400)} days before expiry.`,
      ),
      alert(
        ctx.alerts,
        'CertificateNotReady',
        'critical',
        `max by (namespace, name) (certmanager_certificate_ready_status{${sel.slice(1, -1)}, condition!="True"}) == 1`,
        '15m',
        'Certificate {{ $labels.name }} is not ready',
        'cert-manager reports Certificate {{ $labels.name }} in {{ $labels.namespace }} not Ready for 15 minutes: its Secret is missing, expired or does not match the spec, and the gateway may serve no or an old certificate.',
      ),
    ],
  };
}
