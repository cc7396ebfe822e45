import { readFileSync } from 'node:fs';
import { wordsOf } from './message-text.ts';
import { PhraseSet, prepareWords, TypoIndex } from './phrase-patterns.ts';

/**
 * Signs that the writer is distressed, so the agent slows down: words of anger, fear or grief
 * (a curated list, English and Spanish, in lexicon/distress.json), shouting (a message mostly
 * in capitals), and writing again and again without an answer (counted by the inbox). Each
 * kind comes with a short de-escalation tip for the agent.
 */

export const distressKinds = ['anger', 'fear', 'grief', 'shouting', 'repeated'] as const;
export type DistressKind = (typeof distressKinds)[number];

interface DistressLexicon {
  anger: { en: string[]; es: string[] };
  fear: { en: string[]; es: string[] };
  grief: { en: string[]; es: string[] };
  tips: Record<DistressKind, { en: string; es: string }>;
}

const lexicon = JSON.parse(
  readFileSync(new URL('./lexicon/distress.json', import.meta.url), 'utf8'),
) as DistressLexicon;

const wordKinds = ['anger', 'fear', 'grief'] as const;
const distressPhrases = new PhraseSet<(typeof wordKinds)[number]>(
  wordKinds.flatMap((kind) =>
    [...lexicon[kind].en, ...lexicon[kind].es].map((phrase) => ({
      // Exact words: a typo of "scared" is still "scared", but distress is a hint, not a safety
      // rule, so no guessing at misspellings here.
      source: phrase
        .split(/\s+/)
        .map((word) => `=${word}`)
        .join(' '),
      tag: kind,
    })),
  ),
);
const noTypos = new TypoIndex([], new Set());

export interface DistressReading {
  kinds: DistressKind[];
  /** The words that showed it, for the agent. */
  words: string[];
}

/** A message mostly in capitals, long enough that it is not an acronym or "OK". */
function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 12) return false;
  const capitals = letters.filter((ch) => ch !== ch.toLowerCase()).length;
  return capitals / letters.length >= 0.7;
}

export function readDistress(text: string): DistressReading {
  const message = prepareWords(wordsOf(text), noTypos);
  const kinds = new Set<DistressKind>();
  const words: string[] = [];
  for (const { tag, match } of distressPhrases.findAll(message)) {
    kinds.add(tag);
    words.push(text.slice(message.words[match.first]!.start, message.words[match.last - 1]!.end));
  }
  if (isShouting(text)) kinds.add('shouting');
  return { kinds: distressKinds.filter((k) => kinds.has(k)), words };
}

/** The de-escalation tip for a kind of distress, in the agent's language. */
export function deEscalationTip(kind: DistressKind, language: 'en' | 'es'): string {
  return lexicon.tips[kind][language];
}
