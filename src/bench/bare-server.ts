/**
 * The yardstick for the benchmark: a bare node:http server that answers each measured address with
 * the very bytes the hub sent for it, and does nothing else. How far the hub is from this is what
 * the hub itself costs (database, rendering, framework), on this machine.
 *
 *   node --import tsx src/bench/bare-server.ts pages.json   → prints the port it listens on
 *
 * pages.json: [{ "path": "/page-0", "contentType": "text/html; charset=utf-8", "body": "<base64>" }]
 * It loads nothing of the hub.
 */
import fs from 'node:fs';
import http from 'node:http';

interface Page {
  path: string;
  contentType: string;
  body: string;
}

const file = process.argv[2];
if (!file) {
  console.error('Usage: node bare-server.ts pages.json');
  process.exit(2);
}
const pages = new Map<string, { contentType: string; body: Buffer }>();
for (const page of JSON.parse(fs.readFileSync(file, 'utf8')) as Page[]) {
  pages.set(page.path, { contentType: page.contentType, body: Buffer.from(page.body, 'base64') });
}

const server = http.createServer((request, response) => {
  const page = pages.get(request.url ?? '');
  if (!page) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': page.contentType, 'content-length': page.body.length });
  response.end(page.body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(String(address.port));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
