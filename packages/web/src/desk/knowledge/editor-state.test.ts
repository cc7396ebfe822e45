import type { KbArticle } from '@patientdesk/contracts';
import { describe, expect, it } from 'vitest';
import {
  articleUpdate,
  blankDraft,
  draftOf,
  fieldsBothChanged,
  keepEditsOver,
  newArticleRequest,
  slugFromTitle,
} from './editor-state.ts';

const parkingArticle: KbArticle = {
  id: '5b0e6a1c-1a43-4f6e-9d3e-6f1f2b9c7a10',
  slug: 'parking',
  language: 'en',
  title: 'Where do I park?',
  summary: 'Free parking in the lot behind the clinic on Elm Street.',
  category: 'getting-here',
  audience: 'public',
  status: 'published',
  ownerTeam: { id: '0b6a2f8e-3c1d-4e5f-8a9b-1c2d3e4f5a6b', slug: 'front-desk', name: 'Front desk' },
  reviewBy: '2026-09-30',
  reviewOverdue: false,
  readingGrade: 4.2,
  readingGradeAboveLimit: false,
  version: 3,
  publishedAt: '2026-01-05T15:00:00.000Z',
  updatedAt: '2026-01-05T15:00:00.000Z',
  updatedBy: null,
  url: 'https://clinic.example/help/demo/en/parking',
  body: 'Park in the lot behind the clinic. It is free.\n\nThe entrance is on Elm Street.',
  createdAt: '2026-01-02T15:00:00.000Z',
  translations: [],
  feedback: { helpful: 0, notHelpful: 0 },
  versions: [],
};

describe('the article editor’s state', () => {
  it('suggests a slug from a title, without accents or punctuation', () => {
    expect(slugFromTitle('¿Cómo pago mi factura?')).toBe('como-pago-mi-factura');
    expect(slugFromTitle('  Flu shots: who, when & where  ')).toBe('flu-shots-who-when-where');
    expect(slugFromTitle(`${'a'.repeat(99)} b`)).toBe('a'.repeat(99));
  });

  it('sends no owner team and no review date as null for a new article, and leaves out an empty note', () => {
    const request = newArticleRequest(
      blankDraft({ title: 'Where do I park?', slug: 'parking', body: 'Park behind the clinic.' }),
    );
    expect(request).toMatchObject({ ownerTeamId: null, reviewBy: null, audience: 'public', language: 'en' });
    expect(request).not.toHaveProperty('note');
  });

  it('sends only the fields that changed, over the version opened', () => {
    const draft = { ...draftOf(parkingArticle), body: 'Park in the lot behind the clinic. It is free.' };
    expect(articleUpdate(draft, parkingArticle)).toEqual({
      version: 3,
      body: 'Park in the lot behind the clinic. It is free.',
    });
    expect(
      articleUpdate({ ...draftOf(parkingArticle), ownerTeamId: '', note: 'No owner' }, parkingArticle),
    ).toEqual({ version: 3, ownerTeamId: null, note: 'No owner' });
  });

  it('has nothing to send when only the note was written', () => {
    expect(articleUpdate({ ...draftOf(parkingArticle), note: 'Checked, still right' }, parkingArticle)).toBe(
      undefined,
    );
  });

  it('keeps every word typed and takes a colleague’s changes to the other fields after a conflict', () => {
    const mine = {
      ...draftOf(parkingArticle),
      body: 'Parking is free, in the lot behind the clinic.',
      note: 'Shorter',
    };
    const theirs: KbArticle = {
      ...parkingArticle,
      version: 4,
      summary: 'Free parking behind the clinic, entrance on Elm Street.',
      body: 'The lot behind the clinic is free. Enter from Elm Street.',
    };
    const merged = keepEditsOver(mine, parkingArticle, theirs);
    expect(merged.body).toBe('Parking is free, in the lot behind the clinic.');
    expect(merged.summary).toBe('Free parking behind the clinic, entrance on Elm Street.');
    expect(merged.note).toBe('Shorter');
    expect(fieldsBothChanged(mine, parkingArticle, theirs)).toEqual(['body']);
    // Saved over the newer version, only the editor's own change goes.
    expect(articleUpdate(merged, theirs)).toEqual({
      version: 4,
      body: 'Parking is free, in the lot behind the clinic.',
      note: 'Shorter',
    });
  });
});
