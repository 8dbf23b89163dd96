// Makes the OTLP JSON fixtures of tests/Alpha.Learning.Tests/Logs/Otlp/Fixtures with OpenTelemetry JS's own encoder
// (@opentelemetry/otlp-transformer's JsonTraceSerializer, the one its OTLP/HTTP JSON exporter sends): spans recorded by
// @opentelemetry/sdk-trace with GenAI semantic-convention, OpenInference and OpenLLMetry attributes.
// Run: npm install && node make-fixtures.mjs OUTPUT_DIR
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';

const out = process.argv[2] ?? '.';
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const tracer = provider.getTracer('alpha-learning-fixtures', '1.0.0');
const base = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (ms) => new Date(base + ms);

function span(name, parent, startMs, endMs, attributes, fail) {
  const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
  const s = tracer.startSpan(name, { attributes, startTime: at(startMs) }, ctx);
  if (fail) {
    const err = new Error(fail.message);
    err.name = fail.type;
    s.recordException(err, at(endMs));
    s.setAttribute('error.type', fail.type);
    s.setStatus({ code: SpanStatusCode.ERROR, message: fail.message });
  }
  return s;
}

// GenAI semantic conventions: three agent runs, each a chat, a tool call (the third one times out), a chat.
const genAi = [];
for (let run = 0; run < 3; run++) {
  const t0 = run * 60_000;
  const agent = span('invoke_agent research_agent', null, t0, t0 + 9_000, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'research_agent', 'gen_ai.provider.name': 'openai' },
    run === 2 ? { type: 'TimeoutError', message: 'Timeout after 30s calling search API' } : null);
  const chat1 = span('chat gpt-4o', agent, t0 + 100, t0 + 1_600, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06', 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 80, 'gen_ai.usage.cache_read.input_tokens': 1024 });
  chat1.end(at(t0 + 1_600));
  const tool = span('execute_tool web_search', agent, t0 + 1_700, t0 + 4_700, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'web_search', 'gen_ai.tool.call.arguments': '{"query": "otel genai"}' },
    run === 2 ? { type: 'TimeoutError', message: 'Timeout after 30s calling search API' } : null);
  tool.end(at(t0 + 4_700));
  const chat2 = span('chat gpt-4o', agent, t0 + 4_800, t0 + 8_800, { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.prompt_tokens': 2400, 'gen_ai.usage.completion_tokens': 300 });
  chat2.end(at(t0 + 8_800));
  agent.end(at(t0 + 9_000));
  genAi.push(exporter.getFinishedSpans().splice(0));
  exporter.reset();
}

// OpenInference (Arize Phoenix) dialect: an AGENT span with an LLM and a TOOL child, the cost recorded.
const oiAgent = span('support_agent', null, 200_000, 206_000, { 'openinference.span.kind': 'AGENT', 'agent.name': 'support_agent' });
const oiLlm = span('ChatCompletion', oiAgent, 200_100, 202_100, { 'openinference.span.kind': 'LLM', 'llm.model_name': 'claude-3-5-sonnet', 'llm.provider': 'anthropic', 'llm.token_count.prompt': 900, 'llm.token_count.completion': 150, 'llm.token_count.total': 1050, 'llm.cost.total': 0.0049 });
oiLlm.end(at(202_100));
const oiTool = span('lookup_order', oiAgent, 202_200, 205_200, { 'openinference.span.kind': 'TOOL', 'tool.name': 'lookup_order', 'input.value': '{"order_id": "A-17"}' }, { type: 'KeyError', message: 'order A-17 not found' });
oiTool.end(at(205_200));
oiAgent.end(at(206_000));
const openInference = exporter.getFinishedSpans().splice(0);
exporter.reset();

// OpenLLMetry (Traceloop) dialect: a workflow with an LLM call (llm.request.type, deprecated gen_ai names) and a tool.
const tlWorkflow = span('summarize.workflow', null, 300_000, 305_000, { 'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'summarize' });
const tlLlm = span('openai.chat', tlWorkflow, 300_100, 303_100, { 'llm.request.type': 'chat', 'gen_ai.system': 'OpenAI', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.prompt_tokens': 500, 'gen_ai.usage.completion_tokens': 60, 'llm.usage.total_tokens': 560 });
tlLlm.end(at(303_100));
const tlTool = span('fetch_page.tool', tlWorkflow, 303_200, 304_200, { 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'fetch_page', 'traceloop.entity.input': '{"url": "https://example.org"}' });
tlTool.end(at(304_200));
const http = span('GET', tlTool, 303_300, 304_100, { 'http.request.method': 'GET', 'url.full': 'https://example.org' });
http.end(at(304_100));
tlWorkflow.end(at(305_000));
const openLlmetry = exporter.getFinishedSpans().splice(0);
exporter.reset();

// No agent span: a chat with a tool under a plain root span (the root becomes the task).
const root = span('handle_request', null, 400_000, 403_000, { 'http.route': '/ask' });
const bareChat = span('chat gpt-4o-mini', root, 400_100, 401_100, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 300, 'gen_ai.usage.output_tokens': 40, 'gen_ai.usage.cost': 0.0002 });
bareChat.end(at(401_100));
const bareTool = span('execute_tool get_weather', root, 401_200, 401_700, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.arguments': '{"city":"Paris"}' });
bareTool.end(at(401_700));
root.end(at(403_000));
const rootOnly = exporter.getFinishedSpans().splice(0);

const encode = (spans) => new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans));
// One TracesData document a line, as the Collector's file exporter writes: each run is its own export batch.
const lines = [...genAi, openInference, openLlmetry, rootOnly].map(encode).join('\n') + '\n';
writeFileSync(join(out, 'genai-traces.jsonl'), lines);
writeFileSync(join(out, 'genai-traces.jsonl.gz'), gzipSync(Buffer.from(lines)));
// One pretty-printed document a file.
writeFileSync(join(out, 'openinference-trace.json'), JSON.stringify(JSON.parse(encode(openInference)), null, 2) + '\n');
await provider.shutdown();
