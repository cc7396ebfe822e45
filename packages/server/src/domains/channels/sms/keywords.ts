/**
 * The keywords carriers and Twilio give a meaning to: a text that is exactly one of them (any
 * case, surrounding spaces and punctuation ignored) changes the sender's SMS consent or asks for
 * help. Opting out is also understood in common Spanish forms (being wrong that way only
 * silences texts); opting back in only in the carriers' own words. They are recorded as consent changes (source `sms-keyword`), and a STOP is honoured
 * before every later send.
 */
export type SmsKeyword = 'stop' | 'start' | 'help';

const keywords: Record<SmsKeyword, readonly string[]> = {
  stop: [
    'stop',
    'stopall',
    'unsubscribe',
    'cancel',
    'end',
    'quit',
    'optout',
    'opt out',
    'revoke',
    'alto',
    'parar',
    'baja',
    'detener',
  ],
  // Only the carriers' own opt-in words: a casual "sí" must not undo someone's opt-out.
  start: ['start', 'yes', 'unstop'],
  help: ['help', 'info', 'ayuda'],
};

/** The keyword a whole text message is, or undefined for an ordinary message. */
export function smsKeyword(body: string): SmsKeyword | undefined {
  const normalised = body
    .trim()
    .toLowerCase()
    .replace(/[.!¡?¿"']/g, '')
    .replace(/\s+/g, ' ');
  for (const [keyword, forms] of Object.entries(keywords) as [SmsKeyword, readonly string[]][])
    if (forms.includes(normalised)) return keyword;
  return undefined;
}
