import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../db/tenant-scope.ts';
import { seedDemoHelpArticles } from '../../demo/demo-help-articles.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { Organization } from '../organizations/service.ts';
import { searchArticles } from './search.ts';
import { addSynonymGroup } from './synonym-groups.ts';
import { addArticle, slugsFound } from './test-articles.ts';

/**
 * Search as patients ask: lay words for clinical ones, typos, whole questions, Spanish with or
 * without accents. Titles count most. Public search never shows drafts, internal procedures,
 * or another clinic's articles.
 */
describe('knowledge base search', () => {
  let test: TestDatabase;
  let clinic: Organization;
  let demo: Organization;
  let neighbour: Organization;

  beforeAll(async () => {
    test = await createTestDatabase();
    const { database } = test;
    clinic = await createTestClinic(database.orm, 'Harbor View Clinic');
    neighbour = await createTestClinic(database.orm, 'Hilltop Clinic');
    demo = await createTestClinic(database.orm, 'Riverside Family Health');
    await inTenant(database, demo.id, (orm) =>
      seedDemoHelpArticles(orm, {
        organizationId: demo.id,
        teamIds: new Map(),
        timeZone: 'America/New_York',
      }),
    );

    await addArticle(database, clinic.id, {
      slug: 'your-statement',
      category: 'billing',
      title: 'Reading your statement',
      summary: 'What each line of the statement we mail you means.',
      body: 'Your statement lists each visit, what your insurance paid, and what is left for you to pay.\n\n## Paying\n\nPay online or by phone.',
    });
    await addArticle(database, clinic.id, {
      slug: 'adult-vaccines',
      category: 'your-care',
      title: 'Vaccines for adults',
      summary: 'Which vaccines adults need and where to get them.',
      body: 'Most adults need a tetanus booster every ten years and a flu vaccine every fall.',
    });
    await addArticle(database, clinic.id, {
      slug: 'adult-vaccines',
      language: 'es',
      category: 'your-care',
      title: 'Vacunas para adultos',
      summary: 'Qué vacunas necesitan los adultos.',
      body: 'La mayoría de los adultos necesita una inyección contra el tétanos cada diez años.',
    });
    await addArticle(database, clinic.id, {
      slug: 'parking',
      category: 'getting-here',
      title: 'Parking at Harbor View',
      summary: 'Free parking behind the building.',
      body: 'Use the lot behind the building. It is free.',
    });
    await addArticle(database, clinic.id, {
      slug: 'visitor-rules',
      title: 'Rules for visitors',
      summary: 'Who may come with you and when.',
      body: 'Visitors may not block the parking lot entrance. Parking for visitors is on the street; parking in the lot is for patients. Ask about parking at the desk.',
    });
    await addArticle(database, clinic.id, {
      slug: 'phone-scripts',
      category: 'internal-procedures',
      audience: 'internal',
      title: 'Phone scripts for billing calls',
      body: 'Read this script when a caller asks about their statement.',
    });
    await addArticle(
      database,
      clinic.id,
      {
        slug: 'new-statement-design',
        category: 'billing',
        title: 'Our new statement design',
        body: 'Starting next month your statement will look different.',
      },
      'draft',
    );
    await addArticle(database, neighbour.id, {
      slug: 'hilltop-statements',
      category: 'billing',
      title: 'Statements at Hilltop',
      body: 'Hilltop statements come by email.',
    });
  });
  afterAll(() => test.drop());

  it('finds "perscription refil" (typos) as the article about prescription refills', async () => {
    const found = await inTenant(test.database, demo.id, (orm) =>
      searchArticles(orm, {
        question: 'perscription refil',
        languages: ['en'],
        includeInternal: false,
        limit: 5,
      }),
    );
    expect(found.items[0]?.slug).toBe('prescription-refills');
    expect(found.corrections).toContainEqual({ from: 'perscription', to: 'prescription' });
  });

  it('finds the article by a lay word it never uses: a "bill" is a statement, a "shot" a vaccine', async () => {
    expect((await slugsFound(test.database, clinic.id, 'why is my bill so high'))[0]).toBe('your-statement');
    expect((await slugsFound(test.database, clinic.id, 'where can i get a shot'))[0]).toBe('adult-vaccines');
    expect((await slugsFound(test.database, clinic.id, 'tengo una factura', { language: 'en' }))[0]).toBe(
      'your-statement',
    );
  });

  it('reads Spanish with or without accents, and across the lay words of both languages', async () => {
    for (const question of ['vacuna para adultos', 'inyeccion', 'donde me ponen una inyección']) {
      const found = await inTenant(test.database, clinic.id, (orm) =>
        searchArticles(orm, { question, languages: ['es'], includeInternal: false, limit: 5 }),
      );
      expect(found.items.map((item) => [item.slug, item.language])[0], question).toEqual([
        'adult-vaccines',
        'es',
      ]);
    }
  });

  it('reads Spanish words spelled the way they sound ("sita" for "cita", "ora" for "hora")', async () => {
    const found = await inTenant(test.database, demo.id, (orm) =>
      searchArticles(orm, {
        question: 'a que ora abren',
        languages: ['es'],
        includeInternal: false,
        limit: 5,
      }),
    );
    expect(found.corrections).toContainEqual({ from: 'ora', to: 'hora' });
    expect(found.items[0]?.slug).toBe('clinic-hours');
    const appointment = await inTenant(test.database, demo.id, (orm) =>
      searchArticles(orm, { question: 'aser una sita', languages: ['es'], includeInternal: false, limit: 5 }),
    );
    expect(appointment.corrections).toEqual([
      { from: 'aser', to: 'hacer' },
      { from: 'sita', to: 'cita' },
    ]);
  });

  it('searches both languages when the caller does not say which', async () => {
    const found = await inTenant(test.database, clinic.id, (orm) =>
      searchArticles(orm, {
        question: 'vaccines vacunas',
        languages: ['en', 'es'],
        includeInternal: false,
        limit: 5,
      }),
    );
    expect(found.items.map((item) => item.language).sort()).toEqual(['en', 'es']);
  });

  it('puts an article with the words in its title before one that only mentions them', async () => {
    const found = await slugsFound(test.database, clinic.id, 'parking');
    expect(found.slice(0, 2)).toEqual(['parking', 'visitor-rules']);
  });

  it('never shows internal or draft articles to the public, and shows internal ones to staff who ask', async () => {
    const publicly = await slugsFound(test.database, clinic.id, 'statement script design');
    expect(publicly).toContain('your-statement');
    expect(publicly).not.toContain('phone-scripts');
    expect(publicly).not.toContain('new-statement-design');
    const staff = await slugsFound(test.database, clinic.id, 'statement script design', {
      includeInternal: true,
    });
    expect(staff).toContain('phone-scripts');
    expect(staff).not.toContain('new-statement-design');
  });

  it("never finds another clinic's articles", async () => {
    expect(await slugsFound(test.database, clinic.id, 'hilltop statements email')).not.toContain(
      'hilltop-statements',
    );
    expect(await slugsFound(test.database, neighbour.id, 'hilltop statements email')).toEqual([
      'hilltop-statements',
    ]);
  });

  it('uses the synonyms a clinic adds, for that clinic only', async () => {
    expect(await slugsFound(test.database, clinic.id, 'sticker for my car')).toEqual([]);
    await inTenant(test.database, clinic.id, (orm) =>
      addSynonymGroup(orm, clinic.id, { terms: ['sticker', 'parking'] }, null),
    );
    expect((await slugsFound(test.database, clinic.id, 'sticker for my car'))[0]).toBe('parking');
    expect(await slugsFound(test.database, neighbour.id, 'sticker')).toEqual([]);
  });

  it('answers an empty or filler-only question with nothing, and never breaks on symbols', async () => {
    expect(await slugsFound(test.database, clinic.id, 'hi, can you help me please?')).toEqual([]);
    expect(
      await slugsFound(test.database, clinic.id, "'); drop table knowledge_articles; -- | & ! <->"),
    ).toEqual([]);
    expect((await slugsFound(test.database, clinic.id, 'parking!!! & <-> statement | ('))[0]).toBeDefined();
  });

  it('answers the real questions of the demo clinic with the right article first, most of the time', async () => {
    const questions: [string, 'en' | 'es', string][] = [
      ['do you take my insurance', 'en', 'insurance-accepted'],
      ['where do i park', 'en', 'locations-and-parking'],
      ['how do i get a copy of my medical records', 'en', 'medical-records-request'],
      ['¿cómo pago mi factura?', 'es', 'paying-your-bill'],
      ['necesito un intérprete', 'es', 'interpreter-services'],
      ['cuando estan abiertos', 'es', 'clinic-hours'],
    ];
    for (const [question, language, slug] of questions) {
      expect((await slugsFound(test.database, demo.id, question, { language }))[0], question).toBe(slug);
    }
  });
});
