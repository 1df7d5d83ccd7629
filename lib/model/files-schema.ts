/**
 * `services.<name>.files`: Secrets, an ExternalSecret's target or ConfigMaps mounted as files
 * (TLS client certificates, service-account keys, config files), read-only. Self-contained:
 * schema.ts hooks it in with one line; rendered by lib/constructs/service-identity.ts (what the
 * stack renders) and lib/constructs/pod-template.ts (volumes and mounts).
 */
import { Type, type Static } from '@sinclair/typebox';

const FileName = Type.String({ pattern: '^[A-Za-z0-9._-]+$', description: 'File name inside the mount path.' });
const FileMap = (description: string, value = Type.String()) =>
  Type.Unsafe<Record<string, string>>({ type: 'object', propertyNames: { pattern: '^[A-Za-z0-9._-]+$' }, additionalProperties: value, minProperties: 1, description });

export const FileMountSchema = Type.Object(
  {
    name: Type.String({ format: 'dns-label', description: 'Name of the mount (the volume is `files-<name>`; a rendered ConfigMap or ExternalSecret is `<service>-<name>`).' }),
    mountPath: Type.String({ pattern: '^/', description: 'Directory the files appear in, read-only (e.g. `/var/run/secrets/llm`).' }),
    secret: Type.Optional(Type.String({ format: 'dns-label', description: 'An existing Secret to mount.' })),
    externalSecret: Type.Optional(
      Type.Object(
        {
          key: Type.String({ minLength: 1, description: 'Key in the external secret store (`stack.secretStore`), e.g. a Vault path.' }),
          properties: FileMap('File name → property of that key, e.g. `{ key.json: credentials }`.'),
        },
        {
          additionalProperties: false,
          required: ['key', 'properties'],
          description: 'Files from the external secret store: an ExternalSecret `<service>-<name>` (re-read every `stack.secretStore.refreshInterval`); the Stakater Reloader rolls the pods when its Secret changes.',
        },
      ),
    ),
    configMap: Type.Optional(Type.String({ format: 'dns-label', description: 'An existing ConfigMap to mount.' })),
    content: Type.Optional(FileMap('File name → content: rendered into a ConfigMap `<service>-<name>`; pods roll when it changes (`checksum/files`).')),
    items: Type.Optional(FileMap('`secret` or `configMap` only: key → file name, and only these keys are mounted. Default: every key, named after it.', FileName)),
    mode: Type.Optional(Type.String({
      pattern: '^0[0-7]{3}$',
      description: 'File mode as an octal string. Default: `"0400"` for secrets (owner read; the pod\'s group may read it through `fsGroup`), `"0444"` for config. A secret\'s mode may not let group or others read it.',
    })),
  },
  { additionalProperties: false, required: ['name', 'mountPath'], description: 'Files mounted read-only from exactly one of `secret`, `externalSecret`, `configMap` or `content`.' },
);

export const FilesSchema = Type.Array(FileMountSchema, { description: 'Secrets and config mounted as files into the main container.' });

export type FileMount = Static<typeof FileMountSchema>;

export const FILE_SOURCES = ['secret', 'externalSecret', 'configMap', 'content'] as const;

/** Secrets (existing or from the store) default to owner-read only; config to world-readable. */
export function isSecretFile(file: FileMount): boolean {
  return file.secret !== undefined || file.externalSecret !== undefined;
}

export function fileMode(file: FileMount): number {
  return parseInt(file.mode ?? (isSecretFile(file) ? '0400' : '0444'), 8);
}

/** Name of the object the stack renders for a mount (ConfigMap for `content`, ExternalSecret and its Secret). */
export function renderedFileObject(service: string, file: FileMount): string {
  return `${service}-${file.name}`;
}

/** The Secret a mount reads, when it reads one. */
export function fileSecretName(service: string, file: FileMount): string | undefined {
  if (file.secret) return file.secret;
  return file.externalSecret ? renderedFileObject(service, file) : undefined;
}

export const fileVolumeName = (file: FileMount) => `files-${file.name}`;
