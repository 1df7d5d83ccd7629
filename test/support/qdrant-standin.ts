/**
 * A stand-in of the parts of Qdrant's HTTP API the backups use, on 127.0.0.1 in the test's own
 * process (so the scripts that call it must run asynchronously):
 *
 *   GET    /collections                                  the collections
 *   POST   /collections/<c>/snapshots                    take a snapshot (content: `snapshot of <c>`)
 *   GET    /collections/<c>/snapshots/<name>             download it
 *   DELETE /collections/<c>/snapshots/<name>             delete it on the server
 *   POST   /collections/<c>/snapshots/upload             restore a collection from an uploaded snapshot
 *                                                        (multipart field `snapshot`, as `curl -F snapshot=@file`)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QdrantStandIn {
  readonly url: string;
  /** Snapshot names deleted on the server. */
  readonly deleted: string[];
  /** Collection → the multipart body of the last snapshot uploaded to restore it. */
  readonly restored: Map<string, Buffer>;
  close(): Promise<void>;
}

export async function startQdrantStandIn(collections: readonly string[]): Promise<QdrantStandIn> {
  const snapshots = new Map<string, Buffer>();
  const deleted: string[] = [];
  const restored = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && path === '/collections') return json({ result: { collections: collections.map((name) => ({ name })) }, status: 'ok' });
    if (req.method === 'POST' && (m = /^\/collections\/(\w+)\/snapshots\/upload$/.exec(path))) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        restored.set(m![1]!, Buffer.concat(chunks));
        json({ result: true, status: 'ok' });
      });
      return;
    }
    if (req.method === 'POST' && (m = /^\/collections\/(\w+)\/snapshots$/.exec(path))) {
      const name = `${m[1]}-2026-11-23-02-30-00.snapshot`;
      snapshots.set(name, Buffer.from(`snapshot of ${m[1]}`));
      return json({ result: { name, creation_time: '2026-11-23T02:30:00', size: 17 }, status: 'ok' });
    }
    if ((m = /^\/collections\/\w+\/snapshots\/(.+)$/.exec(path)) && snapshots.has(m[1]!)) {
      if (req.method === 'DELETE') {
        deleted.push(m[1]!);
        return json({ result: true, status: 'ok' });
      }
      return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(snapshots.get(m[1]!));
    }
    return res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, deleted, restored, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
