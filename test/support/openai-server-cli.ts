/**
 * The scripted OpenAI-compatible test server as a command, to try the language model path by hand
 * without a model:
 *   node --import tsx test/support/openai-server-cli.ts --port 8080 --text "It is sunny. Enjoy it." --token-ms 80
 *   npx beckon run --audio question.wav --llm-url http://127.0.0.1:8080/v1 --tts-out reply.wav
 * Every request gets the same scripted answer (or, with --tool name [--args json], that tool call).
 */
import { parseArgs } from 'node:util';
import { startOpenAiServer, type ScriptedReply } from './openai-server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    text: { type: 'string', default: 'Here is a short answer. It has a second sentence as well.' },
    'token-ms': { type: 'string', default: '60' },
    'first-token-ms': { type: 'string', default: '0' },
    tool: { type: 'string' },
    args: { type: 'string', default: '{}' },
  },
});
const reply: ScriptedReply = values.tool
  ? { toolCall: { name: values.tool, arguments: values.args! } }
  : { text: values.text!, tokenMs: Number(values['token-ms']), firstTokenDelayMs: Number(values['first-token-ms']) };
const server = await startOpenAiServer({ port: Number(values.port) });
server.script(...Array.from({ length: 10_000 }, () => reply));
process.stdout.write(`OpenAI-compatible test server: ${server.url} (Ctrl-C stops it)\n`);
process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
