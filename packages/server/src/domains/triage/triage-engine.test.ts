import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Urgency, urgencies } from './linear-model.ts';
import { triageEngineFor } from './model-file.ts';

const engine = triageEngineFor();
const triage = (text: string, language?: 'en' | 'es') => engine.triage({ text, language });
const rank = (u: Urgency) => urgencies.indexOf(u); // 0 is emergency: a lower rank is more urgent

describe('red flags make a message an emergency', () => {
  it.each([
    ['I have crushing chest pain and my left arm is numb'],
    ['my mother cant breath'],
    ['I think my husband is having a stroke, his face is drooping'],
    ['my son is having a seizure right now'],
    ['I want to kill myself'],
    ['my toddler swallowed a bunch of pills from my purse'],
    ['she passed out and won’t wake up'],
    ['my 6 week old has a fever of 100.8'],
    ['cheast pain and sweaty'],
    ['me duele mucho el pecho y estoy sudando'],
    ['mi mamá no puede respirar'],
    ['quiero matarme'],
    ['hi need to reschedule my appt, also my chest has been hurting since this morning'],
  ])('%s', (text) => {
    const result = triage(text);
    expect(result.urgency).toBe('emergency');
    expect(result.intent).toBe('clinical-question');
    expect(result.reasons.some((r) => r.kind === 'red-flag')).toBe(true);
  });

  it('names the phrase that fired, where it is in the message', () => {
    const text = 'Hello, my dad is clutching his chest and sweating';
    const flag = triage(text).reasons.find((r) => r.kind === 'red-flag');
    expect(flag).toMatchObject({ rule: 'chest-pain', label: 'Chest pain or pressure' });
    const phrase = flag?.kind === 'red-flag' ? flag.phrases[0]! : null;
    expect(phrase && text.slice(phrase.start, phrase.end)).toBe(phrase?.text);
    expect(phrase?.text).toContain('chest');
  });

  it('sends thoughts of suicide to the crisis line, and overdoses to poison control', () => {
    expect(
      engine.triage({ text: 'I keep thinking everyone would be better off if I was dead' }).flags,
    ).toContainEqual({
      rule: 'suicidal-thoughts',
      status: 'current',
    });
    expect(engine.triage({ text: 'my son drank bleach' }).flags).toContainEqual({
      rule: 'overdose-or-poisoning',
      status: 'current',
    });
  });
});

describe('negation and context set red flags aside', () => {
  it.each([
    ['no chest pain, just need my refill', 'negated'],
    ['I do not have any trouble breathing, I need to move my appointment', 'negated'],
    ['no tengo dolor de pecho, solo quiero mi receta', 'negated'],
    ['my chest pain last year was from reflux, can I get my records', 'history'],
    ['my father had a stroke, does that raise my risk?', 'history'],
    ['tuve un infarto en 2018, necesito una copia de mi expediente', 'history'],
    ['what should I do if I get chest pain after my new medicine?', 'hypothetical'],
  ])('%s (%s)', (text, status) => {
    const result = triage(text);
    expect(result.reasons).toContainEqual(expect.objectContaining({ kind: 'set-aside', status }));
    // No rule calls it an emergency (the model may still lean up when unsure, by design).
    expect(result.reasons.some((reason) => reason.kind === 'red-flag')).toBe(false);
  });

  it.each([
    ['no chest pain, just need my refill'],
    ['my chest pain last year was from reflux, can I get my records'],
    ['tuve un infarto en 2018, necesito una copia de mi expediente'],
  ])('%s stays routine', (text) => {
    expect(triage(text).urgency).toBe('routine');
  });

  it('keeps a relative’s emergency happening now an emergency', () => {
    expect(triage('my mother can’t breathe').urgency).toBe('emergency');
    expect(triage('my dad had a seizure and now he is not responding').urgency).toBe('emergency');
  });

  it('does not let "no one answers" negate the chest pain after it', () => {
    expect(triage('No one answers the phone and I have chest pain').urgency).toBe('emergency');
  });

  it('reads "no fever, but chest pain" as chest pain: "but" ends the negation', () => {
    expect(triage('no fever, but chest pain since an hour').urgency).toBe('emergency');
  });

  it('does not mistake an admin word for a symptom', () => {
    expect(triage('need a refill of my seizure medication, I have 2 weeks left').urgency).toBe('routine');
    expect(triage('when will my chest x-ray results be ready?').urgency).toBe('routine');
  });
});

describe('urgent and routine messages', () => {
  it.each([
    ['I ran out of my insulin today and the pharmacy is closed'],
    ['my daughter has had a fever of 102 for four days'],
    ['it burns when I pee and I have to go all the time'],
    ['tengo fiebre desde hace 4 días, ¿me pueden ver hoy?'],
  ])('%s is urgent', (text) => {
    expect(triage(text).urgency).toBe('urgent');
  });

  it.each([
    ['Can I move my appointment on Friday to next week?', 'scheduling'],
    ['why is my bill $240 when my insurance should cover it', 'billing'],
    ['please send a refill of my lisinopril to CVS, I have 10 days left', 'refill'],
    ['are my blood test results back yet?', 'results'],
    ['I need a copy of my medical records for my new doctor', 'records'],
    ['the receptionist was very rude to my mother today', 'complaint'],
    ['necesito cambiar mi cita del martes', 'scheduling'],
    ['cuánto debo de mi factura?', 'billing'],
  ])('%s: intent %s, not an emergency', (text, intent) => {
    const result = triage(text);
    // Urgent is allowed: running low on a medicine leans up when the model is unsure, by design.
    expect(result.urgency).not.toBe('emergency');
    expect(result.intent).toBe(intent);
    expect(result.reasons).toContainEqual(
      expect.objectContaining({ kind: 'model', decides: 'intent', label: intent }),
    );
  });

  it('detects Spanish when the language is not given', () => {
    expect(triage('hola, necesito una cita para mi hijo').language).toBe('es');
    expect(triage('hello, I need an appointment for my son').language).toBe('en');
  });

  it('gives the same answer for the same message every time', () => {
    const text = 'my back has hurt for a week and the pills are not helping';
    expect(triage(text)).toEqual(triage(text));
  });
});

// The two safety properties the issue asks for, over many generated messages.
const redFlagPhrases = [
  'chest pain',
  'trouble breathing',
  'shortness of breath',
  'a seizure',
  'slurred speech',
  'severe bleeding',
  'throat swelling',
  'suicidal thoughts',
  'dolor de pecho',
  'dificultad para respirar',
  'convulsiones',
  'sangrado fuerte',
];
const fillers = [
  'hi',
  'I need to reschedule my appointment on Tuesday',
  'my insurance changed last month',
  'can someone call me back',
  'I have a question about my bill',
  'thanks so much',
  'my daughter has a cold',
  'I have had a cough for two weeks',
  'necesito una cita',
  'gracias',
  'tengo una pregunta sobre mi receta',
  'my back hurts a little',
];
const emergencySentences = [
  'I have crushing chest pain right now.',
  'My husband cannot breathe.',
  'I want to kill myself.',
  'My baby is having a seizure.',
  'Me duele mucho el pecho y no puedo respirar.',
];

describe('safety properties', () => {
  it('writing "no" before a red flag never makes a message more urgent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fillers),
        fc.constantFrom(...redFlagPhrases),
        fc.constantFrom(...fillers),
        fc.constantFrom('I have', 'she has', 'tengo', 'with', ''),
        (before, flag, after, lead) => {
          const plain = `${before}. ${lead} ${flag} ${after}`;
          const negated = `${before}. ${lead} no ${flag} ${after}`;
          return rank(triage(negated).urgency) >= rank(triage(plain).urgency);
        },
      ),
      { numRuns: 400, seed: 20261202 },
    );
  });

  it('putting an emergency sentence first never makes a message less urgent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...emergencySentences),
        fc.oneof(
          fc.constantFrom(...fillers, ...redFlagPhrases.map((f) => `no ${f}`)),
          fc.string({ maxLength: 80 }),
        ),
        (emergency, message) => {
          return rank(triage(`${emergency} ${message}`).urgency) <= rank(triage(message).urgency);
        },
      ),
      { numRuns: 400, seed: 20261202 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...emergencySentences),
        fc.string({ maxLength: 120 }),
        (emergency, message) => {
          return triage(`${emergency} ${message}`).urgency === 'emergency';
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
