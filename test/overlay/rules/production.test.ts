import { describe, expect, it } from 'vitest';
import { productionStoreCopies } from '../../../lib/overlay/rules/production';
import { ruleProblems, stackWith } from '../stack';

const production = (store: Record<string, unknown> = {}) => stackWith({ store }, { tier: 'production' });

describe('productionStoreCopies', () => {
  it('refuses a store that runs as one pod in a production environment, saying how to fix it', () => {
    expect(ruleProblems(productionStoreCopies, production(), 'store')).toStrictEqual([
      'services.store.type: in a production environment (`stack.tier: production`) `store` runs as one pod: losing its node takes it down. ' +
        'Run it highly available (Postgres: `postgres: { operator: cloudnative-pg, instances: 3 }`; Redis: `sentinel: {}`; Qdrant: `distributed: {}`) ' +
        'or waive it with a reason: `waive: { single-point-of-failure: "<why>" }`',
    ]);
  });

  it('accepts the same store waived with a reason, or under Sentinel, or outside production', () => {
    expect(ruleProblems(productionStoreCopies, production({ waive: { 'single-point-of-failure': 'a cache' } }), 'store')).toStrictEqual([]);
    expect(ruleProblems(productionStoreCopies, production({ sentinel: {} }), 'store')).toStrictEqual([]);
    expect(ruleProblems(productionStoreCopies, stackWith(), 'store')).toStrictEqual([]);
  });

  it('asks a CloudNativePG store for 2 or more instances, at the key', () => {
    const postgres = {
      image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
      ports: { postgres: 5432 },
      postgres: { operator: 'cloudnative-pg', instances: 1 },
      backup: { target: { s3: { bucket: 'backups', endpoint: 'https://s3.example.com', secretName: 'backup-s3' } } },
    };
    expect(ruleProblems(productionStoreCopies, production(postgres), 'store')).toStrictEqual([
      'services.store.postgres.instances: a production environment needs 2 or more instances (3 for synchronous replication); or waive it: `services.store.waive: { single-point-of-failure: "<why>" }`',
    ]);
  });
});
