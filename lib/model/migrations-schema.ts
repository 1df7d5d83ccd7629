/**
 * `services.<name>.migrations`: the database migration of a release, run once per sync as a
 * Job (an ArgoCD hook, lib/constructs/migration-job.ts) instead of in every pod.
 * Self-contained (no import from schema.ts, which imports us).
 */
import { Type, type Static } from '@sinclair/typebox';
import { durationText } from './duration';
import { MIGRATION_JOB_DEFAULTS as D } from './job-defaults';

export const MigrationsSchema = Type.Object(
  {
    command: Type.Array(Type.String(), { minItems: 1, description: 'What migrates the schema, run in the service\'s image, e.g. `[alembic, upgrade, head]`.' }),
    args: Type.Optional(Type.Array(Type.String(), { description: 'Arguments to `command`.' })),
    backoffLimit: Type.Integer({ minimum: 0, maximum: 10, default: D.backoffLimit, description: `Retries of a failed migration (\`backoffLimit\`; default ${D.backoffLimit}, as every Job of the stack: lib/model/job-defaults.ts).` }),
    activeDeadline: Type.String({ format: 'duration', default: durationText(D.activeDeadlineSeconds), description: `The longest the migration may take, retries included (\`activeDeadlineSeconds\`; default ${durationText(D.activeDeadlineSeconds)}); then it fails and the sync stops.` }),
    ttlAfterFinished: Type.String({ format: 'duration', default: durationText(D.ttlSecondsAfterFinished), description: `How long the finished Job and its pod (its logs) stay (\`ttlSecondsAfterFinished\`; default ${durationText(D.ttlSecondsAfterFinished)}). The next sync replaces it anyway.` }),
  },
  {
    additionalProperties: false,
    required: ['command'],
    description:
      'The schema migration of a release: a Job `<service>-migrate` run once per ArgoCD sync as a hook, after the stores and before the apps roll ' +
      '(a failed migration stops the sync; the running pods keep serving). Same image, service account, environment, secrets and restricted pod as the ' +
      'service; its pods may reach the service\'s dependencies. Needs a database among `dependsOn` (a Postgres store or an `external` database). See README, "Migrations".',
  },
);

export type Migrations = Static<typeof MigrationsSchema>;
