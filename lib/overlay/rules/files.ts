/** `files`: one source per mount, mount paths that do not collide, secrets nobody else can read. */
import { FILE_SOURCES, fileMode, isSecretFile } from '../../model/files-schema';
import type { SchemaProblem, ServiceContext } from './rule';

export function fileSources({ stack, service, at }: ServiceContext): SchemaProblem[] {
  return (service.files ?? []).flatMap((file, i) => {
    const given = FILE_SOURCES.filter((source) => file[source] !== undefined);
    if (given.length !== 1) {
      return [{
        path: at('files', i),
        message: `a mount reads exactly one of ${FILE_SOURCES.map((s) => `\`${s}\``).join(', ')}${given.length ? `; it has ${given.map((s) => `\`${s}\``).join(' and ')}` : ''}: split it into one mount per source`,
      }];
    }
    if (file.items && !file.secret && !file.configMap) {
      return [{ path: at('files', i, 'items'), message: '`items` picks keys of an existing `secret` or `configMap`; with `externalSecret` or `content` the file names are their keys already' }];
    }
    if (file.externalSecret && !stack.stack.secretStore) {
      return [{ path: at('files', i, 'externalSecret'), message: 'an `externalSecret` mount needs `stack.secretStore` (the External Secrets Operator store to read it from)' }];
    }
    return [];
  });
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

/** A mount path equal to, inside or around another mount of the container hides one of them. */
export function fileMountPaths({ service, at }: ServiceContext): SchemaProblem[] {
  const others: { path: string; what: string }[] = [
    { path: '/tmp', what: 'the `/tmp` scratch volume' },
    ...(service.writablePaths ?? []).map((path) => ({ path, what: `the writable path \`${path}\`` })),
    ...(service.storage ? [{ path: service.storage.mountPath, what: 'the data volume (`storage.mountPath`)' }] : []),
  ];
  const problems: SchemaProblem[] = [];
  (service.files ?? []).forEach((file, i) => {
    const clash = others.find((o) => inside(file.mountPath, o.path) || inside(o.path, file.mountPath));
    if (clash) {
      problems.push({ path: at('files', i, 'mountPath'), message: `\`${file.mountPath}\` collides with ${clash.what}: mount the files in a directory of their own` });
    }
    others.push({ path: file.mountPath, what: `the mount \`${file.name}\` (\`${file.mountPath}\`)` });
  });
  return problems;
}

/** Secret files readable by the owner only (the pod's group gets read through fsGroup). */
export function secretFileModes({ service, at }: ServiceContext): SchemaProblem[] {
  return (service.files ?? []).flatMap((file, i) => {
    if (!isSecretFile(file) || (fileMode(file) & 0o077) === 0) return [];
    return [{ path: at('files', i, 'mode'), message: `mode \`${file.mode}\` lets group or others read the secret: use \`"0400"\` (or \`"0600"\`)` }];
  });
}
