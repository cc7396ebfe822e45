import { sql } from 'drizzle-orm';
import { type Orm, rowsOf } from '../../../db/connection.ts';
import type { FieldCipher } from '../../../security/field-encryption.ts';
import { videoRoomUrl, videoVisitOpensMinutesBefore, videoVisitState } from './video-visit.ts';
import { clockTime, type NoticeLanguage, noticeLanguage, visitTime } from './visit-words.ts';

/**
 * The page behind a video-visit link, rendered on the server in the patient's language (no
 * script needed): near the visit's time it sends the browser on to the room; before, it says
 * when the room opens; after, that the visit has ended; a cancelled visit says so, and an
 * unknown link that it is not valid. It shows nothing but the time and the clinic's name: the
 * link may be forwarded or seen on a lock screen.
 */

export type VideoVisitPage =
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; statusCode: 200 | 404; html: string };

interface VisitRow {
  status: string;
  starts_at: Date | string;
  ends_at: Date | string;
  time_zone: string;
  clinic_name: string;
  preferred_language: string;
}

/**
 * The visit with this link's token. The link names no organisation, so the one lookup reads
 * across organisations as the owning role, by the token alone (192 random bits, unique).
 */
async function visitByToken(orm: Orm, token: string): Promise<VisitRow | undefined> {
  const [row] = rowsOf<VisitRow>(
    await orm.execute(sql`
      select a.status, a.starts_at, a.ends_at, l.time_zone, o.name as clinic_name, p.preferred_language
      from appointments a
      join locations l on l.id = a.location_id
      join organizations o on o.id = a.organization_id
      join patients p on p.id = a.patient_id
      where a.video_visit_token = ${token}`),
  );
  return row;
}

const texts = {
  en: {
    title: 'Your video visit',
    notYet: (clinic: string, when: string, opens: string) =>
      `Your video visit with ${clinic} is on ${when}. This page opens the visit from ${opens}, ${videoVisitOpensMinutesBefore} minutes before it starts.`,
    comeBack: 'Come back then, or reload this page.',
    reload: 'Reload',
    ended: (clinic: string, when: string) => `Your video visit with ${clinic} on ${when} has ended.`,
    endedNext: 'If you still need help, contact the clinic.',
    cancelled: (clinic: string, when: string) => `Your video visit with ${clinic} on ${when} was cancelled.`,
    cancelledNext: 'To book another time, sign in to the patient portal or contact the clinic.',
  },
  es: {
    title: 'Su consulta por video',
    notYet: (clinic: string, when: string, opens: string) =>
      `Su consulta por video con ${clinic} es el ${when}. Esta página abre la consulta desde las ${opens}, ${videoVisitOpensMinutesBefore} minutos antes de que empiece.`,
    comeBack: 'Vuelva a esa hora o recargue esta página.',
    reload: 'Recargar',
    ended: (clinic: string, when: string) => `Su consulta por video con ${clinic} del ${when} ya terminó.`,
    endedNext: 'Si todavía necesita ayuda, comuníquese con la clínica.',
    cancelled: (clinic: string, when: string) =>
      `Su consulta por video con ${clinic} del ${when} fue cancelada.`,
    cancelledNext: 'Para reservar otra hora, entre al portal del paciente o comuníquese con la clínica.',
  },
} satisfies Record<NoticeLanguage, unknown>;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );

function page(
  language: NoticeLanguage | 'en es',
  title: string,
  paragraphs: string[],
  reload?: string,
): string {
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n    ');
  return `<!doctype html>
<html lang="${language === 'en es' ? 'en' : language}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>${escapeHtml(title)}</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1b1e; }
      h1 { font-size: 1.5rem; }
      a { color: #1864ab; }
    </style>
  </head>
  <body>
    <main>
    <h1>${escapeHtml(title)}</h1>
    ${body}${reload ? `\n    <p><a href="">${escapeHtml(reload)}</a></p>` : ''}
    </main>
  </body>
</html>
`;
}

/** What `/visit/<token>` answers at `now`. */
export async function videoVisitPage(
  orm: Orm,
  deps: { cipher: FieldCipher; videoVisitBaseUrl: string },
  token: string,
  now = new Date(),
): Promise<VideoVisitPage> {
  const visit = await visitByToken(orm, token);
  if (!visit)
    return {
      kind: 'page',
      statusCode: 404,
      html: page('en es', 'This link is not valid · Este enlace no es válido', [
        'This video visit link is not valid. Check the link in the message from your clinic, or contact the clinic.',
        'Este enlace de consulta por video no es válido. Revise el enlace del mensaje de su clínica o comuníquese con la clínica.',
      ]),
    };
  const startsAt = new Date(visit.starts_at);
  const state = videoVisitState({ status: visit.status, startsAt, endsAt: new Date(visit.ends_at) }, now);
  if (state.state === 'open')
    return { kind: 'redirect', location: videoRoomUrl(deps.videoVisitBaseUrl, deps.cipher, token) };
  const language = noticeLanguage(visit.preferred_language);
  const t = texts[language];
  const when = visitTime(startsAt, visit.time_zone, language);
  const html =
    state.state === 'not-yet'
      ? page(
          language,
          t.title,
          [
            t.notYet(visit.clinic_name, when, clockTime(state.opensAt, visit.time_zone, language)),
            t.comeBack,
          ],
          t.reload,
        )
      : state.state === 'ended'
        ? page(language, t.title, [t.ended(visit.clinic_name, when), t.endedNext])
        : page(language, t.title, [t.cancelled(visit.clinic_name, when), t.cancelledNext]);
  return { kind: 'page', statusCode: 200, html };
}
