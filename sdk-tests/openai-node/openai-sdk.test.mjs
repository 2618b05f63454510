// The official `openai` npm client against a running Ferry, unmodified: only baseURL points at Ferry.
//
// Run by dev.ferry.app.OpenAiNodeSdkIT, which starts Ferry (real Kafka broker, mock provider over HTTP) and sets
// FERRY_URL. By hand, against `./ferry`:  FERRY_URL=http://127.0.0.1:8080 node --test openai-sdk.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { BadRequestError, NotFoundError, RateLimitError } from 'openai';

const FERRY_URL = process.env.FERRY_URL;
if (!FERRY_URL) {
  throw new Error('set FERRY_URL to a running Ferry, e.g. FERRY_URL=http://127.0.0.1:8080');
}

const client = new OpenAI({
  baseURL: `${FERRY_URL.replace(/\/+$/, '')}/openai/v1`,
  apiKey: 'sk-ferry-sdk-test', // Ferry does not check it; the SDK insists on one
  maxRetries: 0,
  timeout: 30_000,
});

const TEST_TIMEOUT_MS = 30_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `attempt` every 50 ms until `done(result)` holds; fails with the last result after `withinMs`. */
async function until(attempt, done, withinMs = 20_000) {
  const deadline = Date.now() + withinMs;
  let last;
  for (;;) {
    last = await attempt();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      assert.fail(`condition not met within ${withinMs} ms; last result: ${JSON.stringify(last)}`);
    }
    await sleep(50);
  }
}

test('a synchronous create answers the provider response, with output_text', { timeout: TEST_TIMEOUT_MS }, async () => {
  const response = await client.responses.create({ model: 'mock/echo', input: 'Hello' });

  assert.equal(response.status, 'completed');
  assert.equal(response.object, 'response');
  assert.equal(response.output_text, 'Echo: Hello');
});

test('a streamed create yields the Responses events from created to completed', { timeout: TEST_TIMEOUT_MS }, async () => {
  const stream = await client.responses.create({ model: 'mock/echo', input: 'one two three', stream: true });

  const types = [];
  let text = '';
  let completed;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }

  assert.equal(types[0], 'response.created', `event types: ${types.join(', ')}`);
  assert.equal(types.at(-1), 'response.completed', `event types: ${types.join(', ')}`);
  assert.ok(types.includes('response.output_text.delta'), `event types: ${types.join(', ')}`);
  assert.equal(text, 'Echo: one two three');
  assert.equal(completed.status, 'completed');
});

test('background mode: create queued, retrieve until completed', { timeout: TEST_TIMEOUT_MS }, async () => {
  const created = await client.responses.create({ model: 'mock/echo', input: 'in the background', background: true });
  assert.equal(created.status, 'queued');
  assert.equal(created.background, true);

  const done = await until(() => client.responses.retrieve(created.id), (r) => !['queued', 'in_progress'].includes(r.status));

  assert.equal(done.status, 'completed');
  assert.equal(done.id, created.id);
  assert.equal(done.output_text, 'Echo: in the background');
});

test('background mode: cancel stops a running response', { timeout: TEST_TIMEOUT_MS }, async () => {
  const created = await client.responses.create({ model: 'mock/sleep-20000', input: 'slow', background: true });
  assert.equal(created.status, 'queued');
  await until(() => client.responses.retrieve(created.id), (r) => r.status === 'in_progress');

  const cancelled = await client.responses.cancel(created.id);

  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.id, created.id);
  const retrieved = await until(() => client.responses.retrieve(created.id), (r) => r.status === 'cancelled', 10_000);
  assert.equal(retrieved.status, 'cancelled');
});

test('background mode: a deleted response is not found any more', { timeout: TEST_TIMEOUT_MS }, async () => {
  const created = await client.responses.create({ model: 'mock/echo', input: 'to delete', background: true });
  await until(() => client.responses.retrieve(created.id), (r) => r.status === 'completed');

  await client.responses.delete(created.id);

  const error = await until(
    () => client.responses.retrieve(created.id).then(() => null, (e) => e),
    (e) => e !== null,
    10_000,
  );
  assert.ok(error instanceof NotFoundError, `expected NotFoundError, got ${error}`);
  assert.equal(error.status, 404);
});

test('inputTokens.count counts locally and deterministically', { timeout: TEST_TIMEOUT_MS }, async () => {
  const first = await client.responses.inputTokens.count({ model: 'openai/gpt-4o', input: 'Hello, world!' });
  const second = await client.responses.inputTokens.count({ model: 'openai/gpt-4o', input: 'Hello, world!' });
  const longer = await client.responses.inputTokens.count({
    model: 'openai/gpt-4o',
    input: 'Hello, world! This input is quite a bit longer than the first one, so it has more tokens.',
  });

  assert.equal(first.object, 'response.input_tokens');
  assert.equal(typeof first.input_tokens, 'number');
  assert.ok(first.input_tokens > 0, `input_tokens = ${first.input_tokens}`);
  assert.equal(second.input_tokens, first.input_tokens);
  assert.ok(longer.input_tokens > first.input_tokens, `${longer.input_tokens} > ${first.input_tokens}`);
});

test('async jobs through extra headers: x-bf-async submits, x-bf-async-id polls', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { data, response } = await client.responses
    .create({ model: 'mock/echo', input: 'x' }, { headers: { 'x-bf-async': 'true' } })
    .withResponse();

  const jobId = response.headers.get('x-bf-async-id');
  assert.ok(jobId, 'x-bf-async-id header');
  assert.equal(data.status, 'queued');
  assert.equal(data.id, jobId);

  const done = await until(
    () => client.responses.create({ model: 'mock/echo', input: 'ignored' }, { headers: { 'x-bf-async-id': jobId } }),
    (r) => !['queued', 'in_progress'].includes(r.status),
  );
  assert.equal(done.status, 'completed');
  assert.equal(done.output_text, 'Echo: x');
});

test('a provider 429 surfaces as the SDK RateLimitError', { timeout: TEST_TIMEOUT_MS }, async () => {
  await assert.rejects(client.responses.create({ model: 'mock/fail-429', input: 'x' }), (error) => {
    assert.ok(error instanceof RateLimitError, `expected RateLimitError, got ${error}`);
    assert.equal(error.status, 429);
    assert.equal(error.headers.get('retry-after'), '1');
    assert.equal(error.headers.get('retry-after-ms'), '1000');
    assert.equal(error.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.match(error.headers.get('x-request-id') ?? '', /^req_/);
    return true;
  });
});

test('an unknown provider surfaces as the SDK BadRequestError', { timeout: TEST_TIMEOUT_MS }, async () => {
  await assert.rejects(client.responses.create({ model: 'nope/x', input: 'x' }), (error) => {
    assert.ok(error instanceof BadRequestError, `expected BadRequestError, got ${error}`);
    assert.equal(error.status, 400);
    return true;
  });
});

const WORDS = Array.from({ length: 30 }, (_, i) => `word${i + 1}`).join(' ');

/** Reads a Responses event stream until `stop(event)` holds (then drops the connection) or it ends. */
async function read(stream, stop = () => false) {
  const events = [];
  for await (const event of stream) {
    events.push(event);
    if (stop(event)) break;
  }
  return events;
}

const deltas = (events) => events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');

test('background streaming: create with background and stream, drop the connection, resume after the last event seen', { timeout: TEST_TIMEOUT_MS }, async () => {
  const first = await read(
    await client.responses.create({ model: 'mock/stream-gap-30', input: WORDS, background: true, stream: true }),
    (event) => event.sequence_number === 5,
  );
  assert.equal(first[0].type, 'response.created');
  assert.equal(first[0].response.background, true);
  const id = first[0].response.id;
  const lastSeen = first.at(-1).sequence_number;

  const rest = await read(await client.responses.retrieve(id, { stream: true, starting_after: lastSeen }));

  assert.equal(rest[0].sequence_number, lastSeen + 1);
  rest.forEach((event, i) => assert.equal(event.sequence_number, lastSeen + 1 + i));
  assert.equal(rest.at(-1).type, 'response.completed');
  assert.equal(rest.at(-1).response.id, id);
  assert.equal(deltas([...first, ...rest]), `Echo: ${WORDS}`);
  const retrieved = await client.responses.retrieve(id);
  assert.equal(retrieved.status, 'completed');
  assert.equal(retrieved.output_text, `Echo: ${WORDS}`);
});

test('background streaming: responses.stream resumes by response_id and starting_after', { timeout: TEST_TIMEOUT_MS }, async () => {
  const first = await read(
    await client.responses.create({ model: 'mock/stream-gap-30', input: WORDS, background: true, stream: true }),
    (event) => event.sequence_number === 8,
  );
  const id = first[0].response.id;

  const resumed = client.responses.stream({ response_id: id, starting_after: 8 });
  const later = await read(resumed);
  const final = await resumed.finalResponse();

  assert.equal(later[0].sequence_number, 9);
  assert.equal(final.id, id);
  assert.equal(final.output_text, `Echo: ${WORDS}`);
});
