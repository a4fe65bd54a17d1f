/**
 * The tools' JSON schemas (zod's output, see main/llm/tools.ts) in the subset node-llama-cpp turns
 * into a grammar, so a local model can only produce arguments of the right shape. Validation with
 * zod still runs on the arguments afterwards: the grammar narrows, it does not prove.
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';

type Json = Record<string, unknown>;

/** undefined for a tool without arguments (node-llama-cpp then asks for none) */
export function toGbnfParams(schema: Json): GbnfJsonSchema | undefined {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  if (schema.type === 'object' && Object.keys(properties).length === 0) return undefined;
  return convert(schema);
}

function convert(schema: Json): GbnfJsonSchema {
  const description = typeof schema.description === 'string' ? { description: schema.description } : {};
  if (Array.isArray(schema.enum)) return { enum: schema.enum as Array<string | number | boolean | null>, ...description };
  if ('const' in schema) return { const: schema.const as string | number | boolean | null, ...description };
  switch (schema.type) {
    case 'object': {
      const properties = Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, Json>).map(([k, v]) => [k, convert(v)]));
      // node-llama-cpp 3.21 makes every property required whatever `required` says; no tool has an
      // optional argument today, and zod checks the call afterwards either way
      return { type: 'object', properties, required: (schema.required as string[] | undefined) ?? [], additionalProperties: false, ...description };
    }
    case 'string':
      return {
        type: 'string',
        ...(typeof schema.minLength === 'number' ? { minLength: schema.minLength } : {}),
        ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
        ...description,
      };
    case 'array':
      return { type: 'array', items: convert((schema.items ?? {}) as Json), ...description };
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return { type: schema.type, ...description };
    default:
      throw new Error(`a tool schema uses ${JSON.stringify(schema.type ?? Object.keys(schema))}, which the local model grammar does not support`);
  }
}
