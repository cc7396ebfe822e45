import { foldText } from '../triage/message-text.ts';

/**
 * Reading a patient's short replies to the assistant: asking for a person ("agent", "talk to
 * someone", "una persona"), whether a message is a question at all (the assistant answers
 * questions; a request such as "refill my lisinopril" is for the team to act on), and a yes or no
 * to "did this help?". English and Spanish, accents optional.
 */

const personWords =
  /\b(agent|agents|human|humans|person|people|representative|rep|operator|someone|somebody|staff|receptionist|nurse|agente|agentes|humano|persona|personas|representante|operador|operadora|alguien|recepcionista|enfermera|enfermero)\b/;
const personPhrases =
  /\b(talk|speak|chat) (to|with)\b|\bcall me\b|\breal (person|human)\b|\bhablar con\b|\bllamenme\b|\bllamame\b/;

export function asksForPerson(text: string): boolean {
  const folded = foldText(text);
  return personWords.test(folded) || personPhrases.test(folded);
}

const questionStart =
  /^(how|what|whats|what's|when|where|wheres|where's|which|who|why|do|does|did|can|could|is|are|was|will|would|should|may|must|am|cuanto|cuanta|cuantos|cuantas|como|que|cuando|donde|cual|cuales|quien|quienes|por que|porque|puedo|puede|pueden|podria|hay|aceptan|tienen|tiene|necesito saber|quisiera saber|es|son|estan|esta)\b/;

/** A question rather than a request or a statement (so the assistant does not answer orders). */
export function isQuestion(text: string): boolean {
  if (/[?¿]/.test(text)) return true;
  const folded = foldText(text).trim();
  return (
    questionStart.test(folded) ||
    /\b(wondering|want to know|need to know|do you know|quisiera saber|me pueden decir|me podrian decir)\b/.test(
      folded,
    )
  );
}

/** A yes or no to "did this help?" (by SMS, 1 or 2); null when the message is neither. */
export function helpfulAnswer(text: string): boolean | null {
  const folded = foldText(text)
    .trim()
    .replace(/[.!]+$/, '');
  if (
    /^(1|yes|yeah|yep|yup|y|si|thanks|thank you|thank u|ty|thx|gracias|muchas gracias|it did|it helped|helped|perfect|perfecto|great|ok thanks|ok gracias)$/.test(
      folded,
    )
  )
    return true;
  if (
    /^(2|no|nope|n|not really|it didn't|it did not|didn't help|did not help|no me ayudo|no ayudo|no sirvio|no gracias)$/.test(
      folded,
    )
  )
    return false;
  return null;
}
