import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { callAs, signedInStaff } from '../patients/test-fixtures.ts';
import { knowledgeArticles, knowledgeArticleVersions } from './schema.ts';

/**
 * Writing articles from the desk: every save is a version with who changed what and the text
 * it replaced; a save over someone else's newer version is refused; bad input is refused
 * naming the field and changes nothing; agents read, supervisors and admins write.
 */

type Caller = ReturnType<typeof callAs>;
interface Article {
  id: string;
  slug: string;
  title: string;
  body: string;
  version: number;
  status: string;
  readingGrade: number;
  readingGradeAboveLimit: boolean;
  url: string | null;
  versions: {
    version: number;
    change: string;
    changedFields: string[];
    changedBy: { id: string; name: string } | null;
    note: string | null;
    previous: { title: string; body: string } | null;
  }[];
  translations: { language: string }[];
}

const refillArticle = {
  slug: 'refills',
  language: 'en',
  title: 'How do I get a refill?',
  summary: 'Ask 3 business days before you run out.',
  body: 'Ask in the portal or by text. We need 3 business days.\n\n## Controlled medicines\n\nSome need a visit first.',
  category: 'prescriptions',
};

describe('writing help articles', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let supervisor: Caller;
  let supervisorId: string;
  let admin: Caller;
  let agent: Caller;
  let otherClinicAdmin: Caller;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Maple Street Clinic');
    const other = await createTestClinic(test.database.orm, 'Oak Street Clinic');
    const supervisorHeaders = await signedInStaff(server, clinic.id, 'supervisor');
    supervisor = callAs(server, supervisorHeaders);
    supervisorId = supervisorHeaders.staffMemberId;
    admin = callAs(server, await signedInStaff(server, clinic.id, 'admin'));
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    otherClinicAdmin = callAs(server, await signedInStaff(server, other.id, 'admin'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const create = async (caller: Caller, article: Record<string, unknown>): Promise<Article> => {
    const response = await caller('POST', '/api/kb/articles', article);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const countRows = async () => ({
    articles: (await test.database.orm.select().from(knowledgeArticles)).length,
    versions: (await test.database.orm.select().from(knowledgeArticleVersions)).length,
  });

  it('creates a draft at version 1 with its reading grade and a first history entry', async () => {
    const article = await create(supervisor, { ...refillArticle, note: 'First draft' });
    expect(article).toMatchObject({ slug: 'refills', status: 'draft', version: 1 });
    expect(article.readingGrade).toBeGreaterThan(0);
    expect(article.readingGradeAboveLimit).toBe(false);
    expect(article.url).toMatch(new RegExp(`/help/${clinic.slug}/en/refills$`));
    expect(article.versions).toEqual([
      expect.objectContaining({ version: 1, change: 'created', note: 'First draft', previous: null }),
    ]);
    expect(article.versions[0]!.changedBy?.id).toBe(supervisorId);
  });

  it('records each save: who, which fields, and the whole article as it was', async () => {
    const article = await create(supervisor, { ...refillArticle, slug: 'refills-history' });
    const edited = await admin('PATCH', `/api/kb/articles/${article.id}`, {
      version: 1,
      title: 'How do I ask for a refill?',
      body: `${article.body}\n\nCall the pharmacy first if you have refills left.`,
      note: 'Clearer title',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const saved: Article = edited.json();
    expect(saved.version).toBe(2);
    expect(saved.versions[0]).toMatchObject({
      version: 2,
      change: 'edited',
      changedFields: ['title', 'body'],
      note: 'Clearer title',
      previous: { title: refillArticle.title, body: refillArticle.body },
    });
    expect(saved.versions[0]!.changedBy?.name).toBe('Test admin');

    const published = (
      await supervisor('POST', `/api/kb/articles/${article.id}/publish`, { version: 2 })
    ).json();
    expect(published).toMatchObject({ status: 'published', version: 3 });
    expect(published.versions[0]).toMatchObject({ change: 'published', changedFields: ['status'] });
    const again = (await supervisor('POST', `/api/kb/articles/${article.id}/publish`, {})).json();
    expect(again.version).toBe(3);
  });

  it('refuses a save over a version someone else saved meanwhile (409), changing nothing', async () => {
    const article = await create(supervisor, { ...refillArticle, slug: 'refills-race' });
    expect(
      (await admin('PATCH', `/api/kb/articles/${article.id}`, { version: 1, title: 'Admin’s title' }))
        .statusCode,
    ).toBe(200);
    const stale = await supervisor('PATCH', `/api/kb/articles/${article.id}`, {
      version: 1,
      title: 'Supervisor’s title',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict', details: [{ field: 'body.version' }] });
    const now: Article = (await supervisor('GET', `/api/kb/articles/${article.id}`)).json();
    expect(now).toMatchObject({ title: 'Admin’s title', version: 2 });
    expect(now.versions).toHaveLength(2);
  });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const before = await countRows();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...refillArticle, slug: 'x1', category: 'gossip' }, 'body.category'],
      [{ ...refillArticle, slug: 'x2', title: '   ' }, 'body.title'],
      [{ ...refillArticle, slug: 'x3', title: 'T'.repeat(201) }, 'body.title'],
      [{ ...refillArticle, slug: 'x4', summary: 'S'.repeat(501) }, 'body.summary'],
      [{ ...refillArticle, slug: 'x5', body: 'B'.repeat(50_001) }, 'body.body'],
      [{ ...refillArticle, slug: 'Not A Slug!' }, 'body.slug'],
      [{ ...refillArticle, slug: 'x6', language: 'fr' }, 'body.language'],
      [{ ...refillArticle, slug: 'x7', reviewBy: 'next spring' }, 'body.reviewBy'],
      [
        { ...refillArticle, slug: 'x8', category: 'internal-procedures', audience: 'public' },
        'body.audience',
      ],
      [
        { ...refillArticle, slug: 'x9', ownerTeamId: '00000000-0000-4000-8000-000000000000' },
        'body.ownerTeamId',
      ],
    ];
    for (const [article, field] of cases) {
      const response = await supervisor('POST', '/api/kb/articles', article);
      expect(response.statusCode, field).toBe(400);
      expect(
        response.json().error.details.map((detail: { field: string }) => detail.field),
        field,
      ).toContain(field);
    }
    const existing = await create(supervisor, { ...refillArticle, slug: 'refills-bad-edit' });
    const badEdit = await supervisor('PATCH', `/api/kb/articles/${existing.id}`, {
      version: 1,
      category: 'gossip',
    });
    expect(badEdit.statusCode).toBe(400);
    const noVersion = await supervisor('PATCH', `/api/kb/articles/${existing.id}`, { title: 'New' });
    expect(noVersion.json().error.details[0].field).toBe('body.version');
    const after = await countRows();
    expect(after).toEqual({ articles: before.articles + 1, versions: before.versions + 1 });
  });

  it('refuses a second article with the same address in a language (409), and pairs translations', async () => {
    await create(supervisor, { ...refillArticle, slug: 'pair' });
    const clash = await supervisor('POST', '/api/kb/articles', { ...refillArticle, slug: 'pair' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details[0].field).toBe('body.slug');
    const spanish = await create(supervisor, {
      ...refillArticle,
      slug: 'pair',
      language: 'es',
      title: '¿Cómo pido una reposición?',
      body: 'Pídala por el portal.',
    });
    expect(spanish.translations).toEqual([expect.objectContaining({ language: 'en' })]);
  });

  it('flags an article above reading grade 8', async () => {
    const dense = await create(supervisor, {
      ...refillArticle,
      slug: 'dense',
      body: 'Pharmacological reauthorization necessitates comprehensive documentation of contraindications, therapeutic alternatives and longitudinal monitoring considerations.',
    });
    expect(dense.readingGradeAboveLimit).toBe(true);
    const listed = (await agent('GET', '/api/kb/articles?aboveGradeLimit=true')).json();
    expect(listed.items.map((item: { slug: string }) => item.slug)).toContain('dense');
  });

  it('lets agents read, even internal articles, but not write; other clinics see nothing', async () => {
    const internal = await create(supervisor, {
      ...refillArticle,
      slug: 'refill-phone-script',
      category: 'internal-procedures',
      audience: 'internal',
    });
    expect((await agent('GET', `/api/kb/articles/${internal.id}`)).statusCode).toBe(200);
    expect(
      (await agent('POST', '/api/kb/articles', { ...refillArticle, slug: 'agent-try' })).statusCode,
    ).toBe(403);
    expect(
      (await agent('PATCH', `/api/kb/articles/${internal.id}`, { version: 1, title: 'x' })).statusCode,
    ).toBe(403);
    expect((await otherClinicAdmin('GET', `/api/kb/articles/${internal.id}`)).statusCode).toBe(404);
    const theirs = await otherClinicAdmin('PATCH', `/api/kb/articles/${internal.id}`, {
      version: 1,
      title: 'x',
    });
    expect(theirs.statusCode).toBe(404);
    const [row] = await test.database.orm
      .select()
      .from(knowledgeArticles)
      .where(eq(knowledgeArticles.id, internal.id));
    expect(row!.title).toBe(refillArticle.title);
  });

  it('previews markdown as safe HTML with its grade', async () => {
    const response = await agent('POST', '/api/kb/preview', {
      language: 'en',
      body: '# Refills\n\n<script>alert(1)</script>\n\n[portal](javascript:alert(1)) and [our site](https://example.org)',
    });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(preview.html).not.toContain('<script>');
    expect(preview.html).toContain('&lt;script&gt;');
    expect(preview.html).not.toContain('href="javascript:');
    expect(preview.html).toContain('<h2>Refills</h2>');
    expect(preview.html).toContain('rel="nofollow noopener"');
    expect(preview).toMatchObject({ gradeLimit: 8 });
  });

  it('archives an article and lists by status', async () => {
    const article = await create(supervisor, { ...refillArticle, slug: 'old-news' });
    const archived = (await supervisor('POST', `/api/kb/articles/${article.id}/archive`, {})).json();
    expect(archived.status).toBe('archived');
    const list = (await agent('GET', '/api/kb/articles?status=archived')).json();
    expect(list.items.map((item: { slug: string }) => item.slug)).toEqual(['old-news']);
  });
});
