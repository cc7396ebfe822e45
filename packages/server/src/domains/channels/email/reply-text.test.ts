import { describe, expect, it } from 'vitest';
import { visibleReplyText } from './reply-text.ts';

describe('the visible text of an email reply', () => {
  it('drops the quoted history and the signature of a Gmail-style reply', () => {
    const email = [
      'Yes, Tuesday works for me.',
      '',
      'Thanks,',
      'Maria',
      '--',
      'Maria Lopez',
      '555-0100',
      '',
      'On Mon, Mar 2, 2026 at 9:00 AM Riverside <desk@riverside.example> wrote:',
      '> Can you come Tuesday?',
    ].join('\r\n');
    expect(visibleReplyText(email)).toBe('Yes, Tuesday works for me.\n\nThanks,\nMaria');
  });

  it('handles Spanish replies and phone signatures', () => {
    const email =
      'Sí, el martes me viene bien.\n\nEnviado desde mi iPhone\n\nEl lun, 2 mar 2026 a las 9:00, Riverside <desk@riverside.example> escribió:\n> ¿Puede venir el martes?';
    expect(visibleReplyText(email)).toBe('Sí, el martes me viene bien.');
  });

  it('handles Outlook replies', () => {
    const email =
      'Thank you!\n\n-----Original Message-----\nFrom: Riverside\nSent: Monday\nTo: Maria\nSubject: Appointment\n\nCan you come?';
    expect(visibleReplyText(email)).toBe('Thank you!');
  });

  it('keeps a message that is all quote, rather than showing the agent nothing', () => {
    expect(visibleReplyText('> forwarded text only')).toBe('> forwarded text only');
  });
});
