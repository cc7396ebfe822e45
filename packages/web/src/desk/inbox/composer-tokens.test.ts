import type { InboxColleague, SavedReply } from '@patientdesk/contracts';
import { describe, expect, it } from 'vitest';
import { activeToken, colleaguesMatching, replaceToken, savedRepliesMatching } from './composer-tokens.ts';

describe('what the composer can complete', () => {
  it('finds a mention or a shortcut being typed at the start or after a space', () => {
    expect(activeToken('Thanks @da', 10)).toEqual({ trigger: '@', query: 'da', start: 7, end: 10 });
    expect(activeToken('/hou', 4)).toEqual({ trigger: '/', query: 'hou', start: 0, end: 4 });
    expect(activeToken('@', 1)).toEqual({ trigger: '@', query: '', start: 0, end: 1 });
  });

  it('leaves email addresses, links and finished words alone', () => {
    expect(activeToken('write to ana@clinic.org', 23)).toBeUndefined();
    expect(activeToken('see https://clinic.org/hours', 28)).toBeUndefined();
    expect(activeToken('@dana said hi', 13)).toBeUndefined();
  });

  it('replaces the token and puts the cursor after the replacement', () => {
    const text = 'Ask @da about it';
    expect(replaceToken(text, { start: 4, end: 7 }, '@dana.lee ')).toEqual({
      text: 'Ask @dana.lee  about it',
      caret: 14,
    });
  });
});

describe('suggestions', () => {
  const colleague = (displayName: string, mentionName: string): InboxColleague => ({
    id: crypto.randomUUID(),
    displayName,
    mentionName,
    availability: 'available',
    teamIds: [],
  });
  const staff = [
    colleague('Dana Lee', 'dana.lee'),
    colleague('José Ortiz', 'jortiz'),
    colleague('Sam Dan', 'sam'),
  ];

  it('match a mention name, any word of a name, or the name without spaces, ignoring case and accents', () => {
    expect(colleaguesMatching(staff, 'dan').map((member) => member.mentionName)).toEqual(['dana.lee', 'sam']);
    expect(colleaguesMatching(staff, 'JOSE').map((member) => member.mentionName)).toEqual(['jortiz']);
    expect(colleaguesMatching(staff, 'danal').map((member) => member.mentionName)).toEqual(['dana.lee']);
    expect(colleaguesMatching(staff, '')).toHaveLength(3);
  });

  it('put saved replies whose shortcut starts with the query before those whose title contains it', () => {
    const reply = (title: string, shortcut: string | null): SavedReply => ({
      id: crypto.randomUUID(),
      title,
      body: 'text',
      language: 'en',
      shortcut,
      shared: true,
      ownerId: null,
    });
    const replies = [
      reply('Holiday hours', null),
      reply('Opening hours', 'hours'),
      reply('Directions', 'map'),
    ];
    expect(savedRepliesMatching(replies, 'hou').map((item) => item.title)).toEqual([
      'Opening hours',
      'Holiday hours',
    ]);
  });
});
