import { describe, expect, it } from 'vitest';
import englishVocabulary from './jargon.en.json';
import spanishVocabulary from './jargon.es.json';
import { findJargon, withPlainWords } from './jargon.ts';

const termsIn = (text: string, language: 'en' | 'es' = 'en') =>
  findJargon(text, language).map((finding) => finding.term);

describe('finding jargon in a reply', () => {
  it('finds abbreviations as written, with their plain words and where they are', () => {
    const text = 'Take 1 tab PRN for HTN';
    expect(findJargon(text, 'en')).toEqual([
      { term: 'PRN', start: 11, end: 14, plain: 'only when needed' },
      { term: 'HTN', start: 19, end: 22, plain: 'high blood pressure' },
    ]);
    for (const finding of findJargon(text, 'en'))
      expect(text.slice(finding.start, finding.end)).toBe(finding.term);
  });

  it('finds dotted abbreviations with their dots, and lower-case ones', () => {
    expect(termsIn('Use the inhaler p.r.n. and take one b.i.d. with food')).toEqual(['p.r.n.', 'b.i.d.']);
    expect(termsIn('Use the inhaler P.R.N when you wheeze')).toEqual(['P.R.N']);
    expect(termsIn('take one prn, she is npo after midnight')).toEqual(['prn', 'npo']);
    expect(termsIn('Please schedule your f/u and tell us about any n/v')).toEqual(['f/u', 'n/v']);
  });

  it('ignores case and finds every spelling of the same term', () => {
    expect(termsIn('Your Hypertension and your HYPERTENSION')).toEqual(['Hypertension', 'HYPERTENSION']);
  });

  it('finds inflected forms: plurals, verb endings and singulars of listed plurals', () => {
    expect(termsIn('She has had three UTIs and two biopsies this year')).toEqual(['UTIs', 'biopsies']);
    expect(termsIn('We titrated the dose and will keep titrating it')).toEqual(['titrated', 'titrating']);
    expect(termsIn('He felt one palpitation last night')).toEqual(['palpitation']);
    expect(termsIn('Your O2 sats were fine')).toEqual(['O2 sats']);
  });

  it('never matches inside another word', () => {
    // "mi" in "mild", "uti" in "utilize", "ent" in "appointment", "gi" in "give", "bid" in "forbid".
    expect(termsIn('Please utilize the mild soap and give us a call to confirm your appointment')).toEqual(
      [],
    );
    expect(termsIn('Nothing will forbid you from asking, and nothing here is benignant')).toEqual([]);
    expect(termsIn('The hypertensiveness of the discussion')).toEqual([]);
  });

  it('leaves everyday words alone and flags them only as capital abbreviations', () => {
    expect(termsIn('The office is 2 mi from the highway; it is fine to sob or to bid on a stat')).toEqual([]);
    expect(termsIn('Had an MI in 2019, now SOB on exertion; see ENT stat')).toEqual(['MI', 'SOB', 'ENT']);
    expect(termsIn('Start the new pill BID')).toEqual(['BID']);
  });

  it('prefers the longer term and never overlaps two findings', () => {
    const findings = findJargon('Congestive heart failure and heart failure are different words', 'en');
    expect(findings.map((finding) => finding.term)).toEqual(['Congestive heart failure', 'heart failure']);
    expect(termsIn('Your hemoglobin A1c is due, and so is your A1c')).toEqual(['hemoglobin A1c', 'A1c']);
    expect(termsIn('Book a follow-up visit or a follow up visit')).toEqual([
      'follow-up visit',
      'follow up visit',
    ]);
  });

  it('reads Spanish without caring about accents, but keeps ñ apart from n', () => {
    expect(termsIn('Usted tiene hipertension, no cefalea', 'es')).toEqual(['hipertension', 'cefalea']);
    expect(termsIn('Usted tiene hipertensión', 'es')).toEqual(['hipertensión']);
    expect(termsIn('La TOMOGRAFIA salió bien', 'es')).toEqual(['TOMOGRAFIA']);
    // The same accent written as a separate combining mark still matches.
    expect(termsIn('la tomografi\u0301a de ayer', 'es')).toEqual(['tomografi\u0301a']);
    expect(termsIn('Este año el seguro cambia', 'es')).toEqual([]);
  });

  it('finds Spanish plurals and the other gender of an adjective', () => {
    expect(termsIn('Ha tenido infecciones urinarias y cefaleas', 'es')).toEqual([
      'infecciones urinarias',
      'cefaleas',
    ]);
    expect(termsIn('Le recetamos una pastilla diurética', 'es')).toEqual(['diurética']);
    expect(termsIn('Los resultados renales están bien', 'es')).toEqual(['renales']);
    expect(termsIn('Tome la pastilla c/8h por v.o.', 'es')).toEqual(['c/8h', 'v.o.']);
  });

  it('finds nothing in plain words or an empty text', () => {
    expect(termsIn('')).toEqual([]);
    expect(termsIn('Your blood pressure is a little high. Please call us to talk about it.')).toEqual([]);
    expect(termsIn('Su cita es el martes a las 3 de la tarde.', 'es')).toEqual([]);
  });

  it('knows every term of both vocabularies', () => {
    for (const [language, vocabulary] of [
      ['en', englishVocabulary],
      ['es', spanishVocabulary],
    ] as const)
      for (const entry of vocabulary)
        for (const term of entry.terms) {
          // Each term written in a sentence is found whole (short abbreviations in capitals, as they
          // are also everyday words).
          const written = term.length <= 4 ? term.toUpperCase() : term;
          const found = findJargon(`Note: ${written} today`, language);
          expect({ term, found: found.map((f) => f.term) }).toEqual({ term, found: [written] });
        }
  });

  it('is fast enough for every keystroke', () => {
    const reply =
      'Please take your medicine PRN for HTN and call us if you are SOB, have n/v or tachycardia. '.repeat(
        55,
      );
    findJargon(reply, 'en');
    const started = performance.now();
    for (let i = 0; i < 20; i++) findJargon(reply, 'en');
    // A 5,000-character reply, the longest the composer takes, well under one frame.
    expect((performance.now() - started) / 20).toBeLessThan(16);
  });
});

describe('putting the plain words in', () => {
  const replaced = (text: string, index = 0, language: 'en' | 'es' = 'en') =>
    withPlainWords(text, findJargon(text, language)[index]!)?.text;

  it('replaces the words in place and puts the caret after the plain words', () => {
    const text = 'Take 1 tab PRN for HTN';
    const finding = findJargon(text, 'en')[1]!;
    expect(withPlainWords(text, finding)).toEqual({
      text: 'Take 1 tab PRN for high blood pressure',
      caret: 'Take 1 tab PRN for high blood pressure'.length,
    });
  });

  it('starts a sentence with a capital', () => {
    expect(replaced('Hypertension runs in families.')).toBe('High blood pressure runs in families.');
    expect(replaced('Thanks. HTN is common.')).toBe('Thanks. High blood pressure is common.');
    expect(replaced('¿Tiene HTA?', 0, 'es')).toBe('¿Tiene presión alta?');
    expect(replaced('¿Cefalea?', 0, 'es')).toBe('¿Dolor de cabeza?');
  });

  it('keeps the full stop when a dotted abbreviation ended the sentence', () => {
    expect(replaced('Take it p.r.n. Call us if it gets worse.')).toBe(
      'Take it only when needed. Call us if it gets worse.',
    );
    expect(replaced('Take it p.r.n.')).toBe('Take it only when needed.');
    expect(replaced('Take it p.r.n. for pain')).toBe('Take it only when needed for pain');
  });

  it('finds the words again when the text changed since the check, and gives up when they are gone', () => {
    const finding = findJargon('Take 1 tab PRN', 'en')[0]!;
    expect(withPlainWords('Please take 1 tab PRN', finding)?.text).toBe('Please take 1 tab only when needed');
    expect(withPlainWords('Please take 1 tab when needed', finding)).toBeUndefined();
    // Never a piece of a longer word.
    expect(withPlainWords('Take 1 tab PRNX', finding)).toBeUndefined();
  });
});
