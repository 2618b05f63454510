// The Vercel AI SDK (`ai` with its OpenAI provider, which speaks the Responses API) against a running Ferry, as a
// new user would set it up: only baseURL points at Ferry. Covers text, streaming, tools (a call, its execution and
// the answer), structured output validated by Zod, and retries timed by the provider's Retry-After. The AI SDK has
// no background mode, so that is left to the openai-node and Java SDK suites.
//
// Run by dev.ferry.app.VercelAiSdkIT, which starts Ferry (real Kafka broker, mock provider over HTTP) and sets
// FERRY_URL. By hand, against `./ferry`:  FERRY_URL=http://127.0.0.1:8080 node --test vercel-ai.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, RetryError, generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';

const FERRY_URL = process.env.FERRY_URL;
if (!FERRY_URL) {
  throw new Error('set FERRY_URL to a running Ferry, e.g. FERRY_URL=http://127.0.0.1:8080');
}

const openai = createOpenAI({
  baseURL: `${FERRY_URL.replace(/\/+$/, '')}/openai/v1`,
  apiKey: 'sk-ferry-vercel-ai-test', // Ferry does not check it without credentials configured
});
const model = (name) => openai.responses(name);
const TEST_TIMEOUT_MS = 30_000;

test('generateText answers with the text of the response, and usage counted by the tokenizer', { timeout: TEST_TIMEOUT_MS }, async () => {
  const result = await generateText({ model: model('mock/echo'), prompt: 'Hello from the AI SDK', maxRetries: 0 });

  assert.equal(result.text, 'Echo: Hello from the AI SDK');
  assert.equal(result.finishReason, 'stop');
  assert.ok(result.usage.inputTokens > 0, JSON.stringify(result.usage));
  assert.ok(result.usage.outputTokens > 0, JSON.stringify(result.usage));
  assert.match(result.response.headers['x-request-id'] ?? '', /^req_/);
});

test('streamText streams the text delta by delta', { timeout: TEST_TIMEOUT_MS }, async () => {
  const result = streamText({ model: model('mock/echo'), prompt: 'one two three four', maxRetries: 0 });

  const chunks = [];
  for await (const chunk of result.textStream) chunks.push(chunk);

  assert.ok(chunks.length > 1, `chunks: ${JSON.stringify(chunks)}`);
  assert.equal(chunks.join(''), 'Echo: one two three four');
  assert.equal(await result.finishReason, 'stop');
});

const weather = tool({
  description: 'The weather in a city',
  inputSchema: z.object({ city: z.string(), days: z.number().int().min(1).max(7) }),
  execute: async ({ city, days }) => `sunny in ${city} for ${days} days`,
});

test('tools: the model calls the tool, the SDK runs it and sends the result back, the model answers', { timeout: TEST_TIMEOUT_MS }, async () => {
  const result = await generateText({
    model: model('mock/echo'),
    prompt: 'Weather in Oslo?',
    tools: { weather },
    stopWhen: stepCountIs(3),
    maxRetries: 0,
  });

  assert.equal(result.steps.length, 2, JSON.stringify(result.steps.map((step) => step.finishReason)));
  const [call] = result.steps[0].toolCalls;
  assert.equal(call.toolName, 'weather');
  assert.equal(typeof call.input.city, 'string');
  assert.equal(call.input.days, 1);
  assert.equal(result.steps[0].toolResults[0].output, `sunny in ${call.input.city} for 1 days`);
  assert.equal(result.text, `Echo: sunny in ${call.input.city} for 1 days`);
});

test('tools while streaming: the call arrives as streamed arguments', { timeout: TEST_TIMEOUT_MS }, async () => {
  const result = streamText({ model: model('mock/echo'), prompt: 'Weather?', tools: { weather }, maxRetries: 0 });

  const parts = [];
  for await (const part of result.fullStream) parts.push(part.type);
  const calls = await result.toolCalls;

  assert.ok(parts.includes('tool-input-delta'), parts.join(', '));
  assert.equal(calls.length, 1);
  assert.equal(calls[0].toolName, 'weather');
  assert.equal(await result.finishReason, 'tool-calls');
});

test('structured output: generateObject gets JSON that Zod accepts', { timeout: TEST_TIMEOUT_MS }, async () => {
  const schema = z.object({
    city: z.string().min(1),
    temperature: z.number(),
    unit: z.enum(['celsius', 'fahrenheit']),
    tags: z.array(z.string()).min(2),
    note: z.string().nullable(),
  });

  const { object } = await generateObject({ model: model('mock/echo'), schema, prompt: 'Weather in Paris?', maxRetries: 0 });

  assert.deepEqual(schema.parse(object), object);
  assert.equal(object.unit, 'celsius');
  assert.equal(object.tags.length, 2);
});

test('retries: a 429 is retried after the Retry-After Ferry passes on, not the SDK default backoff', { timeout: TEST_TIMEOUT_MS }, async () => {
  const attempts = [];
  const timed = async (url, init) => {
    attempts.push(Date.now());
    return fetch(url, init);
  };
  const counted = createOpenAI({ baseURL: `${FERRY_URL.replace(/\/+$/, '')}/openai/v1`, apiKey: 'x', fetch: timed });

  await assert.rejects(
    generateText({ model: counted.responses('mock/fail-429'), prompt: 'too fast', maxRetries: 1 }),
    (error) => {
      assert.ok(RetryError.isInstance(error), `expected RetryError, got ${error}`);
      const last = error.lastError;
      assert.ok(APICallError.isInstance(last), `expected APICallError, got ${last}`);
      assert.equal(last.statusCode, 429);
      assert.equal(last.responseHeaders['retry-after'], '1');
      assert.equal(last.responseHeaders['retry-after-ms'], '1000');
      assert.equal(last.responseHeaders['x-ratelimit-remaining-requests'], '0');
      return true;
    },
  );

  assert.equal(attempts.length, 2);
  const waited = attempts[1] - attempts[0];
  // the SDK's own first backoff is 2000 ms; retry-after-ms says 1000
  assert.ok(waited >= 950 && waited < 1900, `waited ${waited} ms between attempts`);
});
