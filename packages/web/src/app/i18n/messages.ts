import adminEn from './admin.en.json';
import adminEs from './admin.es.json';
import appointmentsEn from './appointments.en.json';
import appointmentsEs from './appointments.es.json';
import arrivalsEn from './arrivals.en.json';
import arrivalsEs from './arrivals.es.json';
import bookingEn from './booking.en.json';
import bookingEs from './booking.es.json';
import en from './en.json';
import es from './es.json';
import inboxEn from './inbox.en.json';
import inboxEs from './inbox.es.json';
import insightsEn from './insights.en.json';
import insightsEs from './insights.es.json';
import kioskEn from './kiosk.en.json';
import kioskEs from './kiosk.es.json';
import knowledgeEn from './knowledge.en.json';
import knowledgeEs from './knowledge.es.json';
import outboxNoticesEn from './outboxNotices.en.json';
import outboxNoticesEs from './outboxNotices.es.json';
import patientsEn from './patients.en.json';
import patientsEs from './patients.es.json';
import portalMessagesEn from './portalMessages.en.json';
import portalMessagesEs from './portalMessages.es.json';
import scheduleEn from './schedule.en.json';
import scheduleEs from './schedule.es.json';
import triageEn from './triage.en.json';
import triageEs from './triage.es.json';
import waitlistEn from './waitlist.en.json';
import waitlistEs from './waitlist.es.json';

/**
 * Every text of the interface, per language. Each area keeps its texts in its own file (the
 * shell in en.json, administration in admin.en.json, patient pages in patients.en.json...), each
 * under its own top-level keys, so people working on different areas do not edit one file.
 */
export const messageFiles = {
  en: [
    en,
    adminEn,
    patientsEn,
    portalMessagesEn,
    inboxEn,
    triageEn,
    insightsEn,
    knowledgeEn,
    appointmentsEn,
    bookingEn,
    arrivalsEn,
    kioskEn,
    scheduleEn,
    waitlistEn,
    outboxNoticesEn,
  ],
  es: [
    es,
    adminEs,
    patientsEs,
    portalMessagesEs,
    inboxEs,
    triageEs,
    insightsEs,
    knowledgeEs,
    appointmentsEs,
    bookingEs,
    arrivalsEs,
    kioskEs,
    scheduleEs,
    waitlistEs,
    outboxNoticesEs,
  ],
} as const;

const merge = (files: readonly object[]) => Object.assign({}, ...files) as Record<string, unknown>;

export const messages = { en: merge(messageFiles.en), es: merge(messageFiles.es) };
