import { describe, expect, it } from 'vitest';
import { parseLabelledExamples, trainTriageModel } from './training.ts';
import { TriageEngine } from './triage-engine.ts';

const line = (text: string, urgency: string, intent: string, language = 'en') =>
  JSON.stringify({ text, language, urgency, intent });

describe('labelled examples', () => {
  it('reads one example a line and skips blank lines', () => {
    const examples = parseLabelledExamples(
      `${line('can I move my visit', 'routine', 'scheduling')}\n\n${line('bill is wrong', 'routine', 'billing')}\n`,
      'extra.jsonl',
    );
    expect(examples.map((e) => e.intent)).toEqual(['scheduling', 'billing']);
  });

  it.each([
    ['{not json', 'extra.jsonl line 2 is not JSON.'],
    [
      JSON.stringify({ text: 'hi', language: 'fr', urgency: 'routine', intent: 'general' }),
      '"language" must be "en" or "es"',
    ],
    [
      JSON.stringify({ text: 'hi', language: 'en', urgency: 'soon', intent: 'general' }),
      '"urgency" must be one of',
    ],
    [
      JSON.stringify({ text: 'hi', language: 'en', urgency: 'routine', intent: 'gossip' }),
      '"intent" must be one of',
    ],
    [JSON.stringify({ language: 'en', urgency: 'routine', intent: 'general' }), 'has no "text"'],
  ])('names the bad line: %s', (bad, message) => {
    expect(() => parseLabelledExamples(`${line('ok', 'routine', 'general')}\n${bad}`, 'extra.jsonl')).toThrow(
      message,
    );
  });
});

describe('training', () => {
  const examples = parseLabelledExamples(
    [
      ...[
        'can I move my appointment',
        'need to reschedule friday',
        'book me a visit please',
        'cancel my appt',
      ].map((t) => line(t, 'routine', 'scheduling')),
      ...[
        'my bill is too high',
        'how do I pay my statement',
        'question about a charge',
        'payment plan for my bill',
      ].map((t) => line(t, 'routine', 'billing')),
      ...[
        'fever for five days and worse',
        'my ear hurts a lot and fever',
        'vomiting all night',
        'rash spreading fast',
      ].map((t) => line(t, 'urgent', 'clinical-question')),
    ].join('\n'),
    'tiny.jsonl',
  );

  it('gives the same model for the same examples (a fixed shuffle)', () => {
    const a = trainTriageModel(examples, { epochs: 5 });
    const b = trainTriageModel(examples, { epochs: 5 });
    expect(a.weights).toEqual(b.weights);
    expect(a.caution).toEqual(b.caution);
  });

  it('learns what the examples teach', () => {
    const engine = new TriageEngine(trainTriageModel(examples, { epochs: 20 }));
    expect(engine.triage({ text: 'please reschedule my appointment' }).intent).toBe('scheduling');
    expect(engine.triage({ text: 'my bill has a wrong charge' }).intent).toBe('billing');
    expect(engine.triage({ text: 'fever and vomiting all night' }).urgency).not.toBe('routine');
  });
});
