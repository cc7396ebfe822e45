import { escapeHtml } from '../../knowledge/help-pages.ts';
import type { OfferDetails } from './offer-answers.ts';
import { longWhen, type NoticeLanguage } from './patient-reach.ts';

/**
 * The page behind an offer's link: plain server-rendered HTML in the patient's language, with
 * two buttons in a form, so it works on any phone without JavaScript. It shows the offer (the
 * time, provider, kind of visit and place) and nothing else about the patient.
 */

const words = {
  en: {
    title: 'A visit time for you',
    intro: (clinic: string) =>
      `${clinic} can see you at this time. You are on the waitlist, and the first person to accept it gets it.`,
    when: 'When',
    provider: 'With',
    visit: 'Visit',
    where: 'Where',
    deadline: (when: string) => `Answer by ${when}.`,
    accept: 'Accept this time',
    decline: 'No thanks',
    bookedTitle: 'Booked',
    booked: 'This time is yours. A confirmation with the details is on its way to you.',
    takenTitle: 'Sorry, this time was just taken',
    taken:
      'Someone else accepted it first. You stay on the waitlist, and we will send you the next time that fits.',
    expiredTitle: 'This offer has expired',
    expired:
      'The time to answer has passed. You stay on the waitlist, and we will send you the next time that fits.',
    declinedTitle: 'You said no to this time',
    declined:
      'Thank you for telling us. You stay on the waitlist, and we will send you the next time that fits.',
    notFoundTitle: 'This link does not work',
    notFound:
      'Check that the whole link was copied from the message. If it still does not work, call the clinic.',
    call: (phone: string) => `Questions? Call ${phone}.`,
    emergency: 'In an emergency, call 911.',
  },
  es: {
    title: 'Una cita para usted',
    intro: (clinic: string) =>
      `${clinic} puede atenderle a esta hora. Usted está en la lista de espera y la primera persona que acepte se la queda.`,
    when: 'Cuándo',
    provider: 'Con',
    visit: 'Consulta',
    where: 'Dónde',
    deadline: (when: string) => `Responda antes del ${when}.`,
    accept: 'Aceptar esta hora',
    decline: 'No, gracias',
    bookedTitle: 'Cita reservada',
    booked: 'Esta hora es suya. Le enviamos una confirmación con los detalles.',
    takenTitle: 'Lo sentimos, alguien acaba de tomar esta hora',
    taken:
      'Otra persona la aceptó primero. Usted sigue en la lista de espera y le enviaremos la próxima hora que le convenga.',
    expiredTitle: 'Esta oferta ya venció',
    expired:
      'Pasó el plazo para responder. Usted sigue en la lista de espera y le enviaremos la próxima hora que le convenga.',
    declinedTitle: 'Usted dijo que no a esta hora',
    declined:
      'Gracias por avisarnos. Usted sigue en la lista de espera y le enviaremos la próxima hora que le convenga.',
    notFoundTitle: 'Este enlace no funciona',
    notFound: 'Revise que copió el enlace completo del mensaje. Si aun así no funciona, llame a la clínica.',
    call: (phone: string) => `¿Preguntas? Llame al ${phone}.`,
    emergency: 'En una emergencia, llame al 911.',
  },
} as const;

const styles = `
  body { font: 18px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1f24; background: #fff; }
  main, footer { max-width: 36rem; margin: 0 auto; padding: 1rem 1.25rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 1rem 0; }
  dt { font-weight: 700; }
  dd { margin: 0; }
  form { display: flex; gap: .75rem; flex-wrap: wrap; margin: 1.25rem 0; }
  button { font: inherit; padding: .65rem 1.25rem; border-radius: 6px; border: 2px solid #0b5cad; background: #0b5cad; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #0b5cad; }
  .meta { color: #57606a; }
  footer { color: #57606a; font-size: .95rem; border-top: 1px solid #d8dee4; }
`;

function page(language: NoticeLanguage, title: string, main: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
${main}
</main>
<footer><p>${escapeHtml(words[language].emergency)}</p></footer>
</body>
</html>`;
}

function details(offer: OfferDetails): string {
  const text = words[offer.language];
  const rows: [string, string][] = [
    [text.when, longWhen(offer.startsAt, offer.timeZone, offer.language)],
    [text.provider, offer.provider],
    [text.visit, offer.appointmentType],
    [text.where, [offer.location.name, offer.location.address].filter(Boolean).join(', ')],
  ];
  return `<dl>\n${rows.map(([term, value]) => `  <dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}\n</dl>`;
}

/** The offer's page for its current state: open with its two buttons, or what became of it. */
export function offerPage(offer: OfferDetails, formAction: string): string {
  const text = words[offer.language];
  const phone = offer.location.phone
    ? `<p class="meta">${escapeHtml(text.call(offer.location.phone))}</p>`
    : '';
  if (offer.status === 'open')
    return page(
      offer.language,
      text.title,
      `<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.intro(offer.clinic))}</p>
${details(offer)}
<p class="meta">${escapeHtml(text.deadline(longWhen(offer.expiresAt, offer.timeZone, offer.language)))}</p>
<form method="post" action="${escapeHtml(formAction)}">
  <button type="submit" name="answer" value="accept">${escapeHtml(text.accept)}</button>
  <button type="submit" name="answer" value="decline" class="secondary">${escapeHtml(text.decline)}</button>
</form>
${phone}`,
    );
  const outcomes: Record<Exclude<OfferDetails['status'], 'open'>, [string, string]> = {
    accepted: [text.bookedTitle, text.booked],
    taken: [text.takenTitle, text.taken],
    expired: [text.expiredTitle, text.expired],
    declined: [text.declinedTitle, text.declined],
  };
  const outcome = outcomes[offer.status];
  return page(
    offer.language,
    outcome[0],
    `<h1>${escapeHtml(outcome[0])}</h1>
<p>${escapeHtml(outcome[1])}</p>
${offer.status === 'accepted' ? details(offer) : ''}
${phone}`,
  );
}

/** The page for a link that matches no offer (mistyped, or cut short by the phone). */
export function offerNotFoundPage(language: NoticeLanguage): string {
  const text = words[language];
  return page(
    language,
    text.notFoundTitle,
    `<h1>${escapeHtml(text.notFoundTitle)}</h1>\n<p>${escapeHtml(text.notFound)}</p>`,
  );
}
