/**
 * A patient's question cut into the words search compares: lower case, accents and ñ folded
 * exactly as the database folds article text (`knowledge_fold` in migration 0016), letters and
 * digits only, so nothing typed can reach the text-search query syntax.
 */

/** Lower case, no accents: "Inyección" and "inyeccion" are one word, as patients type both. */
export function foldWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** At most this many words of a question are searched (a pasted paragraph is not a query). */
export const maxQueryWords = 24;

/** The folded words of a question, in order. */
export function queryWords(question: string): string[] {
  return (foldWord(question).match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((word) => word.length <= 40)
    .slice(0, maxQueryWords);
}

/**
 * Words that carry the asking rather than the topic ("can you tell me please how I get..."):
 * PostgreSQL's stop-word lists drop "the", "how", "el", "que"; these go too, or they would
 * match every article that says "get" or "necesita".
 */
const fillerWords = new Set(
  [
    // English
    'hi hello hey hiya thanks thank thx pls please plz ok okay yes yeah yep hmm um uh',
    'get gets got getting need needs needed want wants wanted wanna gotta know tell let lets',
    'would could should might may must can cant couldnt wont dont doesnt didnt isnt im ive id ill',
    'like also just really still even actually maybe thing things something anything someone anyone',
    'guys yall ya u ur question questions ask asking wondering wonder trying try tried',
    'way mean idea sure go going come coming take said say says one',
    // Spanish (folded)
    'hola gracias porfa favor buenas buenos dias tardes noches senor senora senorita oiga disculpe',
    'quiero quisiera queria necesito necesita necesitamos puedo puede pueden podria podrian saber',
    'tengo tiene tienen hay hacer hago hace decir digo dice pregunta preguntar quisieramos',
    'alguien algo cosa cosas bueno pues entonces solo ustedes usted ud uds',
    // Spanish stop words that carry an accent: folded, PostgreSQL's list no longer knows them
    'estan esten estas estara estaran estaria habra habran habria sera seran seria tendra tendran',
    'tendria tambien aqui alli ahi alla asi ademas despues todavia aun mas',
  ]
    .join(' ')
    .split(/\s+/),
);

export function isFillerWord(word: string): boolean {
  return fillerWords.has(word);
}

/** A word as a to_tsquery operand: quoted, with an optional weight restriction (`:A`, `:BC`). */
export function tsqueryWord(word: string, weights = ''): string {
  // queryWords leaves letters and digits only; anything else would be a bug, never syntax.
  if (!/^[\p{L}\p{N}]+$/u.test(word)) throw new Error(`not a search word: ${word}`);
  return `'${word}'${weights ? `:${weights}` : ''}`;
}
