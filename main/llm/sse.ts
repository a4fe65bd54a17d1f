/**
 * Server-sent events from a byte stream: yields the payload of each `data:` field. Bytes arrive
 * in arbitrary pieces, so a line (or a multi-byte character) may be split across reads.
 */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const takeLines = function* (): Generator<string> {
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      // comments (":") and other fields (event, id, retry) carry nothing we use
    }
  };
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    yield* takeLines();
  }
  buffer += decoder.decode();
  if (buffer !== '') buffer += '\n';
  buffer += '\n';
  yield* takeLines();
}
