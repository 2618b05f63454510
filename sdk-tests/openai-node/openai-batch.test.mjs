// The official `openai` npm client runs OpenAI's batch flow against a running Ferry, unmodified: upload a JSONL file,
// create a batch, poll it, download the output and error files, cancel, list, and bad lines reported by number.
//
// Run by dev.ferry.app.OpenAiNodeSdkIT beside openai-sdk.test.mjs. By hand, against `./ferry`:
//   FERRY_URL=http://127.0.0.1:8080 node --test openai-batch.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { NotFoundError, toFile } from 'openai';

const FERRY_URL = process.env.FERRY_URL;
if (!FERRY_URL) {
  throw new Error('set FERRY_URL to a running Ferry, e.g. FERRY_URL=http://127.0.0.1:8080');
}

const client = new OpenAI({
  baseURL: `${FERRY_URL.replace(/\/+$/, '')}/openai/v1`,
  apiKey: 'sk-ferry-sdk-test',
  maxRetries: 0,
  timeout: 30_000,
});

const TEST_TIMEOUT_MS = 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const line = (customId, model, input) =>
  JSON.stringify({ custom_id: customId, method: 'POST', url: '/v1/responses', body: { model, input } });

async function upload(lines) {
  const file = await toFile(Buffer.from(lines.join('\n') + '\n'), 'requests.jsonl');
  return client.files.create({ file, purpose: 'batch' });
}

async function createBatch(fileId) {
  return client.batches.create({ input_file_id: fileId, endpoint: '/v1/responses', completion_window: '24h' });
}

/** Polls the batch every 100 ms until its status is one of `statuses`. */
async function awaitStatus(batchId, statuses, withinMs = 45_000) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const batch = await client.batches.retrieve(batchId);
    if (statuses.includes(batch.status)) return batch;
    if (Date.now() > deadline) assert.fail(`batch still ${batch.status} after ${withinMs} ms: ${JSON.stringify(batch)}`);
    await sleep(100);
  }
}

async function download(fileId) {
  const response = await client.files.content(fileId);
  return (await response.text()).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

test('a batch of succeeding and failing lines completes with an output and an error file', { timeout: TEST_TIMEOUT_MS }, async () => {
  const lines = [0, 1, 2, 3].map((i) => line(`ok-${i}`, 'mock/echo', `hello ${i}`));
  lines.push(line('bad-0', 'mock/fail-400', 'no'));
  const file = await upload(lines);
  assert.equal(file.object, 'file');
  assert.equal(file.purpose, 'batch');

  const created = await createBatch(file.id);
  assert.equal(created.status, 'validating');
  assert.equal(created.endpoint, '/v1/responses');
  const done = await awaitStatus(created.id, ['completed', 'failed']);

  assert.equal(done.status, 'completed');
  assert.deepEqual(done.request_counts, { total: 5, completed: 4, failed: 1 });
  const output = await download(done.output_file_id);
  assert.deepEqual(output.map((o) => o.custom_id).sort(), ['ok-0', 'ok-1', 'ok-2', 'ok-3']);
  const two = output.find((o) => o.custom_id === 'ok-2');
  assert.equal(two.response.status_code, 200);
  assert.equal(two.response.body.output[0].content[0].text, 'Echo: hello 2');
  const errors = await download(done.error_file_id);
  assert.deepEqual(errors.map((e) => e.custom_id), ['bad-0']);
  assert.equal(errors[0].response.status_code, 400);
});

test('bad lines fail the batch at validation, each named by its line number', { timeout: TEST_TIMEOUT_MS }, async () => {
  const file = await upload([line('a', 'mock/echo', 'ok'), 'not json', line('a', 'mock/echo', 'again')]);

  const failed = await awaitStatus((await createBatch(file.id)).id, ['failed', 'completed']);

  assert.equal(failed.status, 'failed');
  assert.deepEqual(failed.errors.data.map((e) => [e.line, e.code]), [[2, 'invalid_json_line'], [3, 'duplicate_custom_id']]);
});

test('cancel stops a running batch; its lines that never ran are in the error file', { timeout: TEST_TIMEOUT_MS }, async () => {
  const file = await upload([0, 1, 2, 3, 4].map((i) => line(`slow-${i}`, 'mock/sleep-30000', 'slow')));
  const created = await createBatch(file.id);
  await awaitStatus(created.id, ['in_progress']);

  const cancelling = await client.batches.cancel(created.id);
  assert.ok(['cancelling', 'cancelled'].includes(cancelling.status));
  const cancelled = await awaitStatus(created.id, ['cancelled']);

  assert.equal(cancelled.request_counts.completed, 0);
  const errors = await download(cancelled.error_file_id);
  assert.equal(errors.length, 5);
  assert.ok(errors.every((e) => e.error.code === 'batch_cancelled'));
});

test('batches list newest first and page with after and limit', { timeout: TEST_TIMEOUT_MS }, async () => {
  const file = await upload([line('only', 'mock/echo', 'x')]);
  const ids = [];
  for (let i = 0; i < 3; i++) ids.unshift((await createBatch(file.id)).id);

  const first = await client.batches.list({ limit: 2 });
  assert.equal(first.has_more, true);
  const second = await client.batches.list({ limit: 2, after: first.data[1].id });
  const listed = [...first.data, second.data[0]];
  // the three newest, each once over the two pages (batches created in the same second may come in either order)
  assert.deepEqual(listed.map((b) => b.id).sort(), [...ids].sort());
  for (let i = 1; i < listed.length; i++) assert.ok(listed[i - 1].created_at >= listed[i].created_at);
});

test('files are retrieved, listed, read back and deleted', { timeout: TEST_TIMEOUT_MS }, async () => {
  const content = line('f', 'mock/echo', 'file') + '\n';
  const file = await client.files.create({ file: await toFile(Buffer.from(content), 'f.jsonl'), purpose: 'batch' });

  assert.equal((await client.files.retrieve(file.id)).bytes, Buffer.byteLength(content));
  assert.equal(await (await client.files.content(file.id)).text(), content);
  const listed = [];
  for await (const f of client.files.list()) listed.push(f.id);
  assert.ok(listed.includes(file.id));
  assert.equal((await client.files.delete(file.id)).deleted, true);
  await assert.rejects(client.files.retrieve(file.id), NotFoundError);
});
