import { foldText } from './message-text.ts';

/**
 * English or Spanish, from the little words every sentence has. Short texts defeat statistical
 * language detectors (a text message is often five words), while "que", "el", "mi", "tengo"
 * against "the", "my", "is", "have" decides almost every real message. Ties go to English.
 */

export type TriageLanguage = 'en' | 'es';

const spanishWords = new Set(
  'que el la los las de del y en mi mis un una es por para con no tengo tiene esta estoy me se su le lo al como pero muy hola gracias cita necesito quiero puedo dolor porque hijo hija mama papa usted ayer hoy manana buenos buenas dias tardes noches favor donde cuando tambien ya hay son'.split(
    ' ',
  ),
);
const englishWords = new Set(
  'the a an is are was my i you it to of and in on for with not have has had this that be do can will me your at from but hi hello thanks thank please need want appointment what when where how today tomorrow yesterday he she his her our we they just so'.split(
    ' ',
  ),
);

export function detectLanguage(text: string): TriageLanguage {
  let spanish = 0;
  let english = 0;
  for (const word of foldText(text).split(/[^\p{L}]+/u)) {
    if (spanishWords.has(word)) spanish++;
    if (englishWords.has(word)) english++;
  }
  return spanish > english ? 'es' : 'en';
}
