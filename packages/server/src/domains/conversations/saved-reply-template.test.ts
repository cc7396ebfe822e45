import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate } from './saved-reply-template.ts';

describe('saved replies with variables', () => {
  const template =
    'Hi {{patient.preferredName}}, this is {{agent.name}} at {{clinic.name}}. Call us at {{location.phone}}.';

  it('fills the variables for the conversation, as plain text', () => {
    expect(
      renderTemplate(template, {
        'patient.preferredName': 'Bob',
        'agent.name': 'Jamie',
        'clinic.name': 'Riverside Family Health & Wellness',
        'location.phone': '(617) 555-0100',
      }),
    ).toBe('Hi Bob, this is Jamie at Riverside Family Health & Wellness. Call us at (617) 555-0100.');
  });

  it('refuses, when saved, a template with a variable that does not exist or that does not parse', () => {
    expect(() => checkTemplate('Your balance is {{patient.balance}}')).toThrow(
      /uses \{\{patient\.balance\}\}, which PatientDesk does not know\. Variables: \{\{patient\.preferredName\}\}/,
    );
    expect(() => checkTemplate('Hi {{patient.preferredName}')).toThrow('The reply template cannot be read');
    expect(() => checkTemplate('{{> footer}}')).toThrow('which PatientDesk does not know');
    expect(checkTemplate(template)).toEqual([
      'patient.preferredName',
      'agent.name',
      'clinic.name',
      'location.phone',
    ]);
  });

  it('does not send a reply with a hole in it: a missing value is named instead', () => {
    expect(() =>
      renderTemplate(template, { 'agent.name': 'Jamie', 'clinic.name': 'Riverside', 'location.phone': ' ' }),
    ).toThrow(
      "This reply needs the name the patient goes by and the location's phone number, which this conversation does not have. Edit the text before sending.",
    );
  });

  it('lets a reply without variables through unchanged', () => {
    expect(renderTemplate('We are open until 6 pm today.', {})).toBe('We are open until 6 pm today.');
  });
});
