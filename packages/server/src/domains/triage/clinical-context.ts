import { breaksClause, type Word } from './message-text.ts';
import { type PhraseMatch, PhraseSet, type PreparedWords } from './phrase-patterns.ts';

/**
 * Is a red flag the writer's situation now? A NegEx-style reading (Chapman et al., 2001) of the
 * words around it, in English and Spanish:
 * - negated: a negation cue shortly before it in the same clause ("no chest pain", "sin fiebre
 *   ni dolor de pecho", "denies trouble breathing") or after it ("the bleeding stopped");
 * - history: a time in the past in the same clause ("my chest pain last year", "in 2019",
 *   "history of seizures"), or "had" just before it without anything saying it is happening
 *   again now ("my father had a stroke" is history; "he had a seizure this morning" is not);
 * - hypothetical: inside an "if" clause ("what do I do if I get chest pain").
 * Pseudo-cues keep common phrases from counting ("no one answers and I have chest pain", "not
 * sure if this is a stroke"). Clauses end at punctuation and at turning words ("but"), so
 * "no fever, but chest pain" still fires. When in doubt the flag stays current: safety first.
 */

const cueList = (sources: string[]) => sources;

export type FlagStatus = 'current' | 'negated' | 'history' | 'hypothetical';

export interface ContextReading {
  status: FlagStatus;
  /** The cue that set the flag aside, as word indexes, for the reasons shown to the agent. */
  cue?: PhraseMatch;
}

const negationBefore = cueList([
  'no|not|never|denies|deny|denied|without|nor|none|sin|nunca|ni|tampoco|negative|niega|niego|nego',
  "don't|dont|doesn't|doesnt|didn't|didnt",
  "(don't|dont|doesn't|doesnt|didn't|didnt|do not|does not|did not|haven't|havent|hasn't|hasnt|have not|has not|isn't|isnt|wasn't|wasnt|aren't|arent|am not|is not) ~2 (have|had|having|get|got|feel|feeling|experience|experiencing|notice|any)",
  'free of',
  'no longer',
  'ya no',
  'ruled out',
  'nothing like',
]);

const negationAfter = cueList([
  '(is|are|was|has|have|had) ~1 (gone|stopped|resolved|better|fine)',
  '(went away|stopped|resolved|subsided|disappeared|cleared up)',
  'ok|okay|fine|normal|normally',
  'ya (paso|se quito|se fue|termino|no)',
  'se (quito|fue|paso|detuvo)',
]);

/** Phrases that look like negation or "if" but are not ("no one", "not sure if"). */
const pseudoCues = cueList([
  'no one|body|matter|idea|doubt|answer|reply|response|help',
  "not|don't|dont|do not ~1 (sure|know|only|just|certain|stop|stopping|better|improving|getting|going away|responding|answering|think|wait|understand|care|ignore|delay|feel right|look right|seem right)",
  'no (se|sabemos|sabe|contestan|contesta|responden|para)',
  '(wondering|wonder|know|sure|unsure|idk|tell|see|check|asking) ~1 if',
  '(no se|no sabemos) si',
  'never (mind|answer|answers|answered|responded|called|call)',
  'without (warning|reason|stopping)',
]);

const historyCues = cueList([
  '#1-60 (years|yrs|year|months|month) ago',
  '(last|past|previous) (year|years|month|months|summer|winter|spring|fall|christmas)',
  'in #1950-2030',
  'back in',
  'history of',
  'historia|historial ~1 de|del',
  '(en|del|de) #1950-2030',
  '(in|en|last|de) (january|february|march|april|may|june|july|august|september|october|november|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)',
  'hace ~1 (un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|varios|muchos|unos) (anos|ano|meses|mes)',
  'hace como #1-60 (anos|ano|meses|mes)',
  '(despues|tras) ~2 (del|de la|de su|de mi) ~1 (derrame|infarto|convulsion|sobredosis|cirugia|ataque)',
  'del (derrame|infarto|ataque|accidente)',
  'hx of',
  'h/o',
  'used to',
  'when i was',
  'as a (child|kid|baby|teen|teenager)',
  '(after|since|before) (my|his|her|the) ~3 (stroke|heart attack|seizure|overdose|surgery|infarto|derrame)',
  'years|year|months ~1 back',
  'a (year|few years|couple years|long time) ago',
  'died of|from',
  'passed away',
  'murio|fallecio',
  'family history',
  'runs in the family',
  'hace #1-60 (anos|ano|meses|mes)',
  'hace (anos|mucho|mucho tiempo|tiempo)',
  '(el|la|del|de la) (ano|anos|mes|semana) pasad*',
  'cuando (era|estaba) ~1 (nino|nina|joven|chiquito|chiquita)',
  'antecedentes',
  'de nino|nina|chico|chica',
]);

/**
 * A relative's past ("my father had a stroke"): family history, unless the sentence says it is
 * happening now. The writer's own "I had chest pain" stays current: it may well be today.
 */
const hadCues = cueList([
  '(father|dad|daddy|mother|mom|mum|grandfather|grandpa|grandmother|grandma|granny|uncle|aunt|brother|sister|cousin|parents|family|papa|mama|abuelo|abuela|tio|tia|hermano|hermana|primo|prima|padre|madre) ~1 (had|has had|died|passed|tuvo|murio|sufrio|le dio)',
]);
/** "I've had chest pain for an hour" is happening now. */
const presentPerfect = cueList([
  "(have|has|i've|ive|you've|we've|they've|she's|he's|it's|hasn't|haven't|been) had",
]);
const nowCues = cueList([
  '(just|now|today|tonight|currently|again|still|right now|rn|ongoing|keeps|keep)',
  "(is|are|he's|she's|hes|shes|i'm|im|am|it's|its|they're|we're|been) ~2 *ing",
  "(can't|cant|won't|wont|isn't|isnt|doesn't|doesnt) ~1 (stop|breathe|talk|walk|move|wake)",
  'this (morning|afternoon|evening|am|pm)',
  '#1-59 (minutes|min|mins|hours|hour|hrs|hr) ago',
  'an hour ago',
  'few minutes ago',
  '(hoy|ahorita|ahora|anoche|todavia|sigue|otra vez|de nuevo|esta|estan|estoy) ~1 *ando|*iendo|*endo',
  '(hoy|ahorita|ahora|anoche|todavia|sigue|otra vez|de nuevo|ahora mismo)',
  'esta (manana|tarde|noche)',
  'hace (rato|un rato|poco|#1-59 minutos|#1-59 horas|una hora)',
]);

const hypotheticalCues = cueList([
  'if|whether',
  'in case',
  'just in case',
  'por si acaso',
  '(what|which|know|learn|cuales|que|saber|conocer) ~3 (signs|symptoms|senales|sintomas|signos)',
  'si (mi|el|la|me|le|tengo|tiene|tuviera|llega|empieza|vuelve|alguien)',
  'what happens if',
  'en caso',
  '(que|qué) (hago|hacemos|hacer|pasa) si',
  'si (llego|llegara|llegase|me da|le da|tengo que)',
]);

type CueKind =
  | 'negationBefore'
  | 'negationAfter'
  | 'pseudo'
  | 'history'
  | 'presentPerfect'
  | 'had'
  | 'now'
  | 'hypothetical';

const cueLists: Record<CueKind, string[]> = {
  negationBefore,
  negationAfter,
  pseudo: pseudoCues,
  history: historyCues,
  presentPerfect,
  had: hadCues,
  now: nowCues,
  hypothetical: hypotheticalCues,
};

/** All cues in one index, found in one pass over the message. */
const allCues = new PhraseSet<CueKind>(
  Object.entries(cueLists).flatMap(([kind, sources]) =>
    sources.map((source) => ({ source, tag: kind as CueKind })),
  ),
);

function clauseAround(words: Word[], first: number, last: number): [number, number] {
  let start = first;
  while (start > 0 && !breaksClause(words[start - 1]!)) start--;
  let end = last;
  while (end < words.length && !breaksClause(words[end]!)) end++;
  return [start, end];
}

export function sentenceAround(words: Word[], first: number, last: number): [number, number] {
  const endsSentence = (w: Word) => w.isBreak && w.text !== ',' && w.text !== ':';
  let start = first;
  while (start > 0 && !endsSentence(words[start - 1]!)) start--;
  let end = last;
  while (end < words.length && !endsSentence(words[end]!)) end++;
  return [start, end];
}

/** The cues of one message, found once and shared by every red flag in it. */
export class MessageContext {
  readonly #negationBefore: PhraseMatch[];
  readonly #negationAfter: PhraseMatch[];
  readonly #history: PhraseMatch[];
  readonly #had: PhraseMatch[];
  readonly #now: PhraseMatch[];
  readonly #hypothetical: PhraseMatch[];
  /** Where the red flags (the concepts a negation can be about) are; see `setConcepts`. */
  #concepts: PhraseMatch[] = [];

  constructor(private readonly message: PreparedWords) {
    const cues = new Map<CueKind, PhraseMatch[]>();
    for (const { tag, match } of allCues.findAll(message)) cues.set(tag, [...(cues.get(tag) ?? []), match]);
    const matchesOf = (kind: CueKind) => cues.get(kind) ?? [];
    const pseudo = matchesOf('pseudo');
    const real = (m: PhraseMatch) => !pseudo.some((p) => p.first <= m.first && m.first < p.last);
    this.#negationBefore = matchesOf('negationBefore').filter(real);
    this.#negationAfter = matchesOf('negationAfter');
    this.#history = matchesOf('history');
    const ongoing = matchesOf('presentPerfect');
    this.#had = matchesOf('had').filter((m) => !ongoing.some((o) => o.last === m.last));
    this.#now = matchesOf('now');
    this.#hypothetical = matchesOf('hypothetical').filter(real);
  }

  /** Indexes of negation cues and the words they reach ("no" in "no fever or cough" reaches both). */
  negatedWords(): Set<number> {
    const words = this.message.words;
    const negated = new Set<number>();
    for (const cue of this.#negationBefore) {
      for (let i = cue.first; i < cue.last; i++) negated.add(i);
      const concept = this.#concepts.find((c) => c.first >= cue.last && c.first < cue.last + 6);
      const end = Math.min(words.length, cue.last + 6, concept ? concept.last : words.length);
      for (let i = cue.last; i < end && !breaksClause(words[i]!); i++) negated.add(i);
    }
    return negated;
  }

  /**
   * Tells the context where the red flags are. A negation is about the first of them after it
   * (NegEx's rule): "no chest pain, trouble breathing" and "no chest pain my insurance changed"
   * negate only the chest pain, so a "no" never reaches past the concept it denies.
   */
  setConcepts(spans: PhraseMatch[]): void {
    this.#concepts = [...spans].sort((a, b) => a.first - b.first);
  }

  /**
   * How the words `first`..`last` (a red flag) stand: now, negated, history or "what if".
   * `hypotheticalCounts: false` keeps "if" from setting a flag aside: thoughts of suicide
   * wrapped in an "if" ("they'd be better off if I drove into a wall") are still a crisis.
   */
  read(first: number, last: number, hypotheticalCounts = true): ContextReading {
    const words = this.message.words;
    const [clauseStart, clauseEnd] = clauseAround(words, first, last);
    const inClauseBefore = (m: PhraseMatch, reach: number) =>
      m.first >= Math.max(clauseStart, first - reach) && m.last <= first;

    const negatedBefore = this.#negationBefore.find(
      (m) => inClauseBefore(m, 6) && !this.#concepts.some((c) => c.first >= m.last && c.last <= first),
    );
    if (negatedBefore) return { status: 'negated', cue: negatedBefore };
    const negatedAfter = this.#negationAfter.find(
      (m) => m.first >= last && m.last <= Math.min(clauseEnd, last + 6),
    );
    if (negatedAfter) return { status: 'negated', cue: negatedAfter };

    const hypothetical = this.#hypothetical.find((m) => m.first >= clauseStart && m.last <= first);
    if (hypothetical && hypotheticalCounts) return { status: 'hypothetical', cue: hypothetical };

    const nowWithin = (start: number, end: number) =>
      this.#now.some((m) => m.first >= start && m.last <= end);
    const history = this.#history.find((m) => m.first >= clauseStart && m.last <= clauseEnd);
    if (history && !nowWithin(clauseStart, clauseEnd)) return { status: 'history', cue: history };
    const had = this.#had.find((m) => inClauseBefore(m, 3));
    if (had && !nowWithin(...sentenceAround(words, first, last))) return { status: 'history', cue: had };
    return { status: 'current' };
  }
}
