/**
 * The peer of the server's throughput rows: a bare Fastify hello-world, run in its own process exactly
 * as the real server is (see server-process.ts), so both are measured by the same load from outside.
 */
import Fastify from 'fastify';

const app = Fastify();
app.get('/', () => ({ hello: 'world' }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening on ${url}\n`);
