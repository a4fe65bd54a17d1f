/**
 * A HAND-CONSTRUCTED qwen2 GGUF that always starts its answer with a tool call: a test fixture for
 * the plumbing of tool calls through node-llama-cpp (trigger detection, the function-calling grammar,
 * result.functionCalls, Beckon's validation and actions). Its "choice" of tool is written into the
 * weights below, so a test with it never measures a model's judgement.
 *
 * How it works (no training): every transformer layer adds nothing (attn_output, ffn_gate/up/down
 * are zero), so the residual stream at each position is the current token's embedding alone, and a
 * separate (untied) output.weight turns that into a bigram table. The tokens of the table get exactly
 * orthonormal embedding rows; the output row of a successor is `GAIN` times the sum of its
 * predecessors' rows. After RMS-norm the logit of the scripted successor is GAIN * sqrt(width) (~45)
 * and every other logit is 0 (exactly, for a token of the table), so even at temperature 0.3 the
 * next token is certain. Tokens outside the table get random rows: what follows them is noise,
 * which inside a call the function-calling grammar keeps to valid JSON.
 *
 * The script: the prompt ends with "<|im_start|>assistant\n", so "\n" -> <tool_call> ->
 * "\n{\"name\": \"" (one token here: together they are the call prefix of node-llama-cpp's
 * QwenChatWrapper, which then switches to its function-calling grammar and re-reads the prefix in its
 * usual tokens, the last being ' "') -> "volume" -> "_" -> "u". The grammar allows only the offered
 * names, so whenever `volume_up` is offered the call is `volume_up` with `{}`; when it is not, the
 * grammar still forces a valid call to some offered function (which one is then left to noise).
 * The vocabulary is the self-made one of vocabulary.ts plus Qwen2.5's `<tool_call>` / `</tool_call>`
 * special tokens and the one-token call prefix (this file only: the tiny test model is unchanged).
 */
import { renameSync, rmSync } from 'node:fs';
import type { Metadata, TensorSource } from './gguf-writer.ts';
import { writeGguf } from './gguf-writer.ts';
import { GgmlType, SeededRandom } from './quant-blocks.ts';
import { buildVocabulary, bytesToUnicode, tokenizerMetadata, TokenType, type Vocabulary } from './vocabulary.ts';

/** Qwen2.5's tool-call tags (special tokens in its real vocabulary) */
export const TOOL_CALL_OPEN = '<tool_call>';
export const TOOL_CALL_CLOSE = '</tool_call>';
/** the text QwenChatWrapper expects right after <tool_call> before a function's name */
export const CALL_NAME_PREFIX = '\n{"name": "';

/** The tool the fixture calls when it is offered (the grammar only allows offered names). */
export const SCRIPTED_TOOL = 'volume_up';

/** current token's text -> the next token's text; texts of single tokens of the vocabulary below */
export const SCRIPTED_BIGRAMS: ReadonlyArray<readonly [string, string]> = [
  ['\n', TOOL_CALL_OPEN],
  [TOOL_CALL_OPEN, CALL_NAME_PREFIX],
  // node-llama-cpp re-reads the call prefix in its usual tokens ("\n" "{\"" "n" "ame" "\":" " \""), so the
  // function's name follows the last of them
  [' "', 'volume'],
  ['volume', '_'],
  ['_', 'u'], // then the grammar leaves only volume_up
  [TOOL_CALL_CLOSE, '<|im_end|>'],
];

const WIDTH = 64;
const HEADS = 4;
const KV_HEADS = 2;
const FFN = 64;
const LAYERS = 1;
/** logit of a scripted successor = GAIN * sqrt(WIDTH) after RMS-norm of a unit embedding row */
const GAIN = 5.6;
const SEED = 5;

/** The self-made vocabulary plus the tool-call specials and the one-token call prefix. */
export function scriptedVocabulary(): Vocabulary {
  const vocab = buildVocabulary();
  const byteChars = bytesToUnicode();
  const add = (text: string, type: TokenType, byteLevel: boolean): void => {
    vocab.tokens.push(byteLevel ? [...Buffer.from(text, 'utf8')].map((b) => byteChars[b]).join('') : text);
    vocab.types.push(type);
  };
  add(TOOL_CALL_OPEN, TokenType.CONTROL, false);
  add(TOOL_CALL_CLOSE, TokenType.CONTROL, false);
  add(CALL_NAME_PREFIX, TokenType.NORMAL, true);
  return vocab;
}

/** The id of the token whose text is exactly `text` (byte-level pieces decoded; specials as they are). */
function tokenId(vocab: Vocabulary, text: string): number {
  const byteChars = bytesToUnicode();
  const decode = (piece: string): string => Buffer.from([...piece].map((ch) => byteChars.indexOf(ch))).toString('utf8');
  const id = vocab.tokens.findIndex((piece, i) => (vocab.types[i] === TokenType.CONTROL ? piece === text : decode(piece) === text));
  if (id < 0) throw new Error(`no token ${JSON.stringify(text)} in the scripted vocabulary`);
  return id;
}

/** Gram-Schmidt on seeded random vectors: `count` orthonormal rows of `width`. */
function orthonormalRows(count: number, width: number, rng: SeededRandom): Float32Array[] {
  if (count > width) throw new Error(`${count} scripted tokens do not fit ${width} dimensions`);
  const rows: Float64Array[] = [];
  while (rows.length < count) {
    const v = Float64Array.from({ length: width }, () => rng.nextFloat() * 2 - 1);
    for (const r of rows) {
      const dot = r.reduce((sum, x, i) => sum + x * v[i]!, 0);
      for (let i = 0; i < width; i++) v[i]! -= dot * r[i]!;
    }
    const norm = Math.hypot(...v);
    if (norm < 1e-3) continue;
    rows.push(v.map((x) => x / norm));
  }
  return rows.map((r) => Float32Array.from(r));
}

function randomUnitRow(width: number, rng: SeededRandom): Float32Array {
  const v = Float32Array.from({ length: width }, () => rng.nextFloat() * 2 - 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function f32Tensor(name: string, dims: number[], values: Float32Array): TensorSource {
  return { name, dims, type: GgmlType.F32, writeData: (write) => write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) };
}

const filled = (length: number, value: number): Float32Array => new Float32Array(length).fill(value);

function weights(vocab: Vocabulary): TensorSource[] {
  const rng = new SeededRandom(SEED);
  const vocabSize = vocab.tokens.length;
  const pairs = SCRIPTED_BIGRAMS.map(([from, to]) => [tokenId(vocab, from), tokenId(vocab, to)] as const);
  const froms = [...new Set(pairs.map(([from]) => from))];
  if (froms.length !== pairs.length) throw new Error('a scripted token has two successors: a bigram table cannot tell them apart');
  const scripted = orthonormalRows(froms.length, WIDTH, rng);
  const rowOf = new Map(froms.map((id, i) => [id, scripted[i]!]));

  const embedding = new Float32Array(WIDTH * vocabSize);
  for (let id = 0; id < vocabSize; id++) embedding.set(rowOf.get(id) ?? randomUnitRow(WIDTH, rng), id * WIDTH);
  const output = new Float32Array(WIDTH * vocabSize);
  for (const [from, to] of pairs) {
    const row = rowOf.get(from)!;
    for (let i = 0; i < WIDTH; i++) output[to * WIDTH + i]! += GAIN * row[i]!;
  }

  const headDim = WIDTH / HEADS;
  const kv = headDim * KV_HEADS;
  const tensors = [f32Tensor('token_embd.weight', [WIDTH, vocabSize], embedding)];
  for (let layer = 0; layer < LAYERS; layer++) {
    const b = `blk.${layer}`;
    // the layers read the stream but add nothing back to it (zero output projections)
    tensors.push(
      f32Tensor(`${b}.attn_norm.weight`, [WIDTH], filled(WIDTH, 1)),
      f32Tensor(`${b}.attn_q.weight`, [WIDTH, WIDTH], filled(WIDTH * WIDTH, 0)),
      f32Tensor(`${b}.attn_q.bias`, [WIDTH], filled(WIDTH, 0)),
      f32Tensor(`${b}.attn_k.weight`, [WIDTH, kv], filled(WIDTH * kv, 0)),
      f32Tensor(`${b}.attn_k.bias`, [kv], filled(kv, 0)),
      f32Tensor(`${b}.attn_v.weight`, [WIDTH, kv], filled(WIDTH * kv, 0)),
      f32Tensor(`${b}.attn_v.bias`, [kv], filled(kv, 0)),
      f32Tensor(`${b}.attn_output.weight`, [WIDTH, WIDTH], filled(WIDTH * WIDTH, 0)),
      f32Tensor(`${b}.ffn_norm.weight`, [WIDTH], filled(WIDTH, 1)),
      f32Tensor(`${b}.ffn_gate.weight`, [WIDTH, FFN], filled(WIDTH * FFN, 0)),
      f32Tensor(`${b}.ffn_up.weight`, [WIDTH, FFN], filled(WIDTH * FFN, 0)),
      f32Tensor(`${b}.ffn_down.weight`, [FFN, WIDTH], filled(FFN * WIDTH, 0)),
    );
  }
  tensors.push(f32Tensor('output_norm.weight', [WIDTH], filled(WIDTH, 1)), f32Tensor('output.weight', [WIDTH, vocabSize], output));
  return tensors;
}

function metadata(vocab: Vocabulary): Metadata {
  const u32 = (value: number) => ({ type: 'u32' as const, value });
  return [
    ['general.architecture', { type: 'string', value: 'qwen2' }],
    ['general.name', { type: 'string', value: 'beckon-qwen2-scripted-tool-call (hand-constructed test fixture)' }],
    ['general.description', { type: 'string', value: `Hand-set weights that always answer with a tool call (${SCRIPTED_TOOL} when offered). A test fixture for tool-call plumbing, not a model.` }],
    ['general.file_type', u32(0)],
    ['qwen2.context_length', u32(4096)],
    ['qwen2.embedding_length', u32(WIDTH)],
    ['qwen2.block_count', u32(LAYERS)],
    ['qwen2.feed_forward_length', u32(FFN)],
    ['qwen2.attention.head_count', u32(HEADS)],
    ['qwen2.attention.head_count_kv', u32(KV_HEADS)],
    ['qwen2.rope.freq_base', { type: 'f32', value: 1_000_000 }],
    ['qwen2.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-6 }],
    ...tokenizerMetadata(vocab),
  ];
}

/**
 * Write the scripted tool-calling GGUF to `path` (deterministic bytes; through a temporary file
 * renamed at the end). A test fixture: it tests the plumbing of tool calls, never a model's judgement.
 */
export function writeToolCallingQwen2Gguf(path: string): { bytes: number; ms: number } {
  const t0 = performance.now();
  const vocab = scriptedVocabulary();
  const temp = `${path}.partial-${process.pid}`;
  try {
    const bytes = writeGguf(temp, metadata(vocab), weights(vocab));
    renameSync(temp, path);
    return { bytes, ms: performance.now() - t0 };
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
