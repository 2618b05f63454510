// A webhook receiver built on the official `openai` npm package: every delivery is checked with
// client.webhooks.unwrap(body, headers, secret), unmodified, exactly as an integrator's server would.
//
// Run by dev.ferry.app.WebhooksIT (and by hand: WEBHOOK_SECRET=whsec_… node webhook-receiver.mjs). It prints
// `listening on <port>` once ready and serves:
//   POST /hooks/<name>   a delivery: 200 when unwrap accepts it, 400 when it throws (the error is recorded); an endpoint
//                        can be told to fail first (see /control)
//   GET  /deliveries     every delivery received, in order, as JSON
//   POST /control        {"name","failFirst":N,"status":503,"retryAfter":"1"}: fail the first N attempts of each
//                        webhook-id sent to /hooks/<name>
//   GET  /probes         for the first verified delivery: does unwrap reject it with a changed body, a wrong secret,
//                        or 6 minutes later (a stale timestamp)? {"changedBody":true,…} means rejected.
import http from 'node:http';
import OpenAI from 'openai';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET to the endpoint secret (whsec_…)');
const client = new OpenAI({ apiKey: 'unused-by-webhooks' });

const deliveries = [];
const controls = new Map();
const attemptsById = new Map();
let probes = null;

async function rejected(body, headers, withSecret, nowShiftMs = 0) {
  const realNow = Date.now;
  if (nowShiftMs) Date.now = () => realNow() + nowShiftMs;
  try {
    await client.webhooks.unwrap(body, headers, withSecret);
    return false;
  } catch {
    return true;
  } finally {
    Date.now = realNow;
  }
}

async function probe(body, headers) {
  const other = 'whsec_' + Buffer.from('another secret, 32 bytes long!!!').toString('base64');
  probes = {
    changedBody: await rejected(body.replace('"event"', '"Event"'), headers, secret),
    wrongSecret: await rejected(body, headers, other),
    staleTimestamp: await rejected(body, headers, secret, 6 * 60 * 1000),
    original: !(await rejected(body, headers, secret)),
  };
}

/** What a rejected delivery claims to be about, for the test's report only: it was not verified. */
function unverifiedDataId(body) {
  try {
    return JSON.parse(body).data?.id;
  } catch {
    return undefined;
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function hook(name, req, res) {
  const body = await readBody(req);
  const webhookId = req.headers['webhook-id'];
  const record = { endpoint: name, webhook_id: webhookId, at_ms: Date.now(), timestamp: req.headers['webhook-timestamp'] };
  try {
    const event = await client.webhooks.unwrap(body, req.headers, secret);
    Object.assign(record, { verified: true, id: event.id, type: event.type, object: event.object,
      created_at: event.created_at, data_id: event.data?.id });
    if (!probes) await probe(body, req.headers);
  } catch (error) {
    Object.assign(record, { verified: false, error: `${error.constructor.name}: ${error.message}`,
      data_id: unverifiedDataId(body) });
    deliveries.push(record);
    return json(res, 400, { error: record.error });
  }
  const control = controls.get(name);
  const attempt = (attemptsById.get(webhookId) ?? 0) + 1;
  attemptsById.set(webhookId, attempt);
  if (control && attempt <= control.failFirst) {
    record.answered = control.status;
    deliveries.push(record);
    const headers = control.retryAfter ? { 'retry-after': control.retryAfter } : {};
    res.writeHead(control.status, headers);
    return res.end();
  }
  record.answered = 200;
  deliveries.push(record);
  return json(res, 200, { ok: true });
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://receiver');
    if (req.method === 'POST' && url.pathname.startsWith('/hooks/')) return await hook(url.pathname.slice(7), req, res);
    if (req.method === 'GET' && url.pathname === '/deliveries') return json(res, 200, deliveries);
    if (req.method === 'GET' && url.pathname === '/probes') return json(res, 200, probes ?? {});
    if (req.method === 'POST' && url.pathname === '/control') {
      const control = JSON.parse(await readBody(req));
      controls.set(control.name, control);
      return json(res, 200, control);
    }
    json(res, 404, { error: 'not found' });
  } catch (error) {
    json(res, 500, { error: String(error) });
  }
});

server.listen(Number(process.env.RECEIVER_PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
