import { describe, expect, it } from 'vitest';
import { minutesOf, newTypeValues, reminderRowOf, typeBodyOf } from './type-form.ts';

describe('the appointment type form', () => {
  it('shows reminder offsets in the largest whole unit and sends them as minutes', () => {
    expect(reminderRowOf(10080)).toMatchObject({ amount: 7, unit: 'days' });
    expect(reminderRowOf(120)).toMatchObject({ amount: 2, unit: 'hours' });
    expect(reminderRowOf(90)).toMatchObject({ amount: 90, unit: 'minutes' });
    expect(minutesOf({ amount: 2, unit: 'days' })).toBe(2880);
    expect(minutesOf({ amount: '', unit: 'hours' })).toBeNaN();
  });

  it('sends Spanish texts and questions in the shape the API reads', () => {
    const body = typeBodyOf({
      ...newTypeValues(),
      code: 'flu-shot',
      name: 'Flu shot',
      spanishName: 'Vacuna contra la gripe',
      questions: [
        { key: 'a', id: 'egg-allergy', en: 'Are you allergic to eggs?', es: '', required: true },
        { key: 'b', id: 'fever', en: 'Do you have a fever?', es: '¿Tiene fiebre?', required: false },
      ],
      reminders: [{ key: 'c', amount: 1, unit: 'days' }],
    });
    expect(body.translations?.es?.name).toBe('Vacuna contra la gripe');
    expect(body.intakeQuestions).toEqual([
      { id: 'egg-allergy', text: { en: 'Are you allergic to eggs?' }, required: true },
      { id: 'fever', text: { en: 'Do you have a fever?', es: '¿Tiene fiebre?' }, required: false },
    ]);
    expect(body.reminderOffsetsMinutes).toEqual([1440]);
  });
});
