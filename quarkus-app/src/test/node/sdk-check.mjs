// Calls a running radio4j service with the official OpenAI Node SDK and prints what the SDK
// returned, as one JSON object on stdout, for OpenAiNodeSdkTest to check.
// Usage: RADIO4J_URL=http://127.0.0.1:PORT/v1 node sdk-check.mjs
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.RADIO4J_URL, apiKey: process.env.RADIO4J_API_KEY || 'unused', maxRetries: 0 });

function failure(e) {
  return { kind: e.constructor.name, status: e.status, message: e.message, type: e.type, param: e.param, code: e.code };
}

async function attempt(call) {
  try {
    return { ok: await call() };
  } catch (e) {
    return { error: failure(e) };
  }
}

const out = {};
out.embedding = await attempt(async () => {
  const r = await client.embeddings.create({ model: 'nvidia/nvclip', input: ['a photo of a cat'] });
  return { model: r.model, dimension: r.data[0].embedding.length, head: r.data[0].embedding.slice(0, 4), usage: r.usage };
});
out.dimensions = await attempt(() => client.embeddings.create({ model: 'radio_clip', input: 'a cat', dimensions: 7 }));
out.tokenIds = await attempt(() => client.embeddings.create({ model: 'radio_clip', input: [[101, 102, 103]] }));
out.unknownModel = await attempt(() => client.embeddings.create({ model: 'text-embedding-3-small', input: 'a cat' }));
out.models = await attempt(async () => {
  const ids = [];
  for await (const m of client.models.list()) {
    ids.push({ id: m.id, created: m.created, owned_by: m.owned_by });
  }
  return ids;
});
out.retrieve = await attempt(() => client.models.retrieve('radio_clip'));
out.retrieveMissing = await attempt(() => client.models.retrieve('gpt-4o'));
console.log(JSON.stringify(out));
