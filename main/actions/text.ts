/** Text that may be typed into someone's window: no control or invisible formatting characters. */
export function cleanTypedText(text: string): string {
  return text
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
}
