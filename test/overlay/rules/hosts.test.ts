import { describe, expect, it } from 'vitest';
import { uniqueIngressRoutes } from '../../../lib/overlay/rules/hosts';
import { format, MINIMAL_SERVICES, stackWith } from '../stack';

const web = (host: string, path = '/') => ({ ...MINIMAL_SERVICES.web, ingress: { host, path } });
const problems = (services: Record<string, Record<string, unknown>>) => format(uniqueIngressRoutes({ stack: stackWith(services), environment: 'dev' }));

describe('uniqueIngressRoutes', () => {
  it('accepts one service per host and path', () => {
    expect(problems({ shop: web('shop.example.com'), admin: web('shop.example.com', '/admin'), api: web('api.example.com') })).toStrictEqual([]);
  });

  it('refuses a second service on the same host and path, naming the first', () => {
    expect(problems({ shop: web('shop.example.com'), copy: web('shop.example.com') })).toStrictEqual([
      'services.shop.ingress.host: `shop.example.com` with path `/` is already routed to `copy`; give each service its own host or path',
    ]);
  });

  it('ignores a disabled service', () => {
    expect(problems({ shop: web('shop.example.com'), copy: { ...web('shop.example.com'), enabled: false } })).toStrictEqual([]);
  });
});
