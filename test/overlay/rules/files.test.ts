import { describe, expect, it } from 'vitest';
import { fileMountPaths, fileSources, secretFileModes } from '../../../lib/overlay/rules/files';
import { MINIMAL_SERVICES, ruleProblems, stackWith } from '../stack';

const withFiles = (files: unknown[], extra: Record<string, unknown> = {}) =>
  stackWith({ web: { ...MINIMAL_SERVICES.web, files, ...extra } }, { secretStore: { name: 'vault' } });

describe('files rules', () => {
  it('refuses a mount path that collides with another mount, /tmp or a writable path', () => {
    const stack = withFiles(
      [
        { name: 'a', mountPath: '/etc/app', configMap: 'app' },
        { name: 'b', mountPath: '/etc/app/extra', secret: 'extra' },
        { name: 'c', mountPath: '/tmp/keys', secret: 'keys' },
        { name: 'd', mountPath: '/cache', secret: 'cache' },
      ],
      { writablePaths: ['/cache'] },
    );
    expect(ruleProblems(fileMountPaths, stack, 'web')).toStrictEqual([
      'services.web.files[1].mountPath: `/etc/app/extra` collides with the mount `a` (`/etc/app`): mount the files in a directory of their own',
      'services.web.files[2].mountPath: `/tmp/keys` collides with the `/tmp` scratch volume: mount the files in a directory of their own',
      'services.web.files[3].mountPath: `/cache` collides with the writable path `/cache`: mount the files in a directory of their own',
    ]);
  });

  it('refuses a secret file mode that lets group or others read', () => {
    const stack = withFiles([
      { name: 'a', mountPath: '/a', secret: 'a', mode: '0440' },
      { name: 'b', mountPath: '/b', secret: 'b', mode: '0600' },
      { name: 'c', mountPath: '/c', configMap: 'c', mode: '0644' },
    ]);
    expect(ruleProblems(secretFileModes, stack, 'web')).toStrictEqual([
      'services.web.files[0].mode: mode `0440` lets group or others read the secret: use `"0400"` (or `"0600"`)',
    ]);
  });

  it('wants exactly one source per mount', () => {
    const stack = withFiles([
      { name: 'a', mountPath: '/a', secret: 'a', configMap: 'a' },
      { name: 'b', mountPath: '/b' },
      { name: 'c', mountPath: '/c', content: { 'x.txt': 'x' }, items: { x: 'y' } },
    ]);
    expect(ruleProblems(fileSources, stack, 'web')).toStrictEqual([
      'services.web.files[0]: a mount reads exactly one of `secret`, `externalSecret`, `configMap`, `content`; it has `secret` and `configMap`: split it into one mount per source',
      'services.web.files[1]: a mount reads exactly one of `secret`, `externalSecret`, `configMap`, `content`: split it into one mount per source',
      'services.web.files[2].items: `items` picks keys of an existing `secret` or `configMap`; with `externalSecret` or `content` the file names are their keys already',
    ]);
  });
});
