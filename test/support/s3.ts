/**
 * A real S3-compatible server on loopback for the end-to-end suites: s3rver (npm), started in
 * a child process on 127.0.0.1 with a port of its own, its data in a scratch directory, and the
 * environment the clients need:
 *
 *   const s3 = await startS3(['backups']);
 *   spawnSync('aws', ['--endpoint-url', s3.endpoint, 's3', 'ls', 's3://backups/'], { env: { ...process.env, ...s3.env } });
 *   await s3.close();
 *
 * Facts (measured, see the commit): s3rver accepts only the access key ID `S3RVER` and does not
 * check SigV4 signatures, so it proves the requests and the data, not the signing; `aws` is
 * Debian's awscli at /usr/bin/aws (TOOLS_PATH puts it first); rclone needs AWS_CA_BUNDLE unset.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TOOLS_PATH } from './tools';

/** Credentials s3rver accepts (the key ID is checked, the secret is not). */
export const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' } as const;

export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: the `--endpoint-url` of the aws CLI, barman-cloud, … */
  readonly endpoint: string;
  readonly port: number;
  /** Environment of an aws CLI / boto3 client (credentials, region, no config files, Debian's tools first on PATH). */
  readonly env: Readonly<Record<string, string>>;
  /** Environment of rclone with a remote named `s3t` pointing at this server. */
  readonly rcloneEnv: Readonly<Record<string, string>>;
  /** Where s3rver keeps the objects. */
  readonly directory: string;
  close(): Promise<void>;
}

const SERVER_SCRIPT = join(import.meta.dirname, 's3rver-process.mjs');

/** Starts s3rver with `buckets` created; rejects when it does not listen within 15 s. */
export async function startS3(buckets: readonly string[]): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), 'cdk8s-stack-s3rver-'));
  const child = spawn(process.execPath, [SERVER_SCRIPT, directory, ...buckets], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await listeningPort(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    ...S3RVER_CREDENTIALS,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    PATH: TOOLS_PATH,
  };
  const rcloneEnv = {
    PATH: TOOLS_PATH,
    RCLONE_CONFIG: '/dev/null',
    RCLONE_CONFIG_S3T_TYPE: 's3',
    RCLONE_CONFIG_S3T_PROVIDER: 'Other',
    RCLONE_CONFIG_S3T_ENDPOINT: endpoint,
    RCLONE_CONFIG_S3T_ACCESS_KEY_ID: S3RVER_CREDENTIALS.AWS_ACCESS_KEY_ID,
    RCLONE_CONFIG_S3T_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    RCLONE_CONFIG_S3T_REGION: 'us-east-1',
    RCLONE_CONFIG_S3T_FORCE_PATH_STYLE: 'true',
  };
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(directory, { recursive: true, force: true });
  };
  return { endpoint, port, env, rcloneEnv, directory, close };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('s3rver did not listen within 15 s'));
    }, 15_000);
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}
