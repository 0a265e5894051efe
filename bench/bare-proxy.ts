// The floor of a Node gateway on this host: node:http in front of an undici pool, forwarding the
// method, path, headers and body and streaming the answer back — no routing, limits, token checks,
// logs or metrics. catalog.bench.ts measures it beside the gateway and the direct path.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
import { bareProxyConfig } from './config.js';

const { port, upstreamUrl } = bareProxyConfig();
const upstream = new Pool(upstreamUrl, { connections: 256 });
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) kept[name] = value;
  }
  return kept;
}

createServer(async (request, response) => {
  try {
    const answer = await upstream.request({
      method: request.method as 'GET',
      path: request.url as string,
      headers: endToEnd(request.headers),
      body: request.method === 'GET' || request.method === 'HEAD' ? null : request,
    });
    response.writeHead(answer.statusCode, endToEnd(answer.headers as IncomingHttpHeaders));
    for await (const chunk of answer.body) response.write(chunk);
    response.end();
  } catch {
    response.writeHead(502).end();
  }
}).listen(port, '127.0.0.1');
