// Runs s3rver (an S3-compatible server, in-process in THIS child) on 127.0.0.1 with a free port,
// and prints {"port": N} on stdout once it listens. Arguments: <directory> <bucket>...
// A child process, not the test's own: the tests call the aws CLI and PostgreSQL synchronously,
// and a server on the test's event loop could not answer them.
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
