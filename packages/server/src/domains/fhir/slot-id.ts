/**
 * A free Slot is not stored anywhere: it is a start time the scheduling core computes from the
 * provider's free time. Its id therefore carries everything needed to book it again: the
 * Schedule (provider at a location), the appointment type and the start. A FHIR id is at most
 * 64 characters of [A-Za-z0-9-.], too few for two uuids written out, so each uuid is written in
 * base 62 (22 characters) and the start in whole minutes since 1970 in base 36:
 * `<schedule>.<appointment type>.<start>`, about 51 characters. The same slot always has the
 * same id.
 */

export interface SlotKey {
  /** provider_locations.id (the Schedule and PractitionerRole id). */
  scheduleId: string;
  appointmentTypeId: string;
  startsAt: Date;
}

const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const minute = 60_000;

function uuidToBase62(uuid: string): string {
  let value = BigInt(`0x${uuid.replaceAll('-', '')}`);
  let text = '';
  while (value > 0n) {
    text = digits[Number(value % 62n)] + text;
    value /= 62n;
  }
  return text.padStart(22, '0');
}

function base62ToUuid(text: string): string | undefined {
  if (!/^[0-9A-Za-z]{22}$/.test(text)) return undefined;
  let value = 0n;
  for (const char of text) value = value * 62n + BigInt(digits.indexOf(char));
  const hex = value.toString(16);
  if (hex.length > 32) return undefined;
  const padded = hex.padStart(32, '0');
  return `${padded.slice(0, 8)}-${padded.slice(8, 12)}-${padded.slice(12, 16)}-${padded.slice(16, 20)}-${padded.slice(20)}`;
}

export function slotId(key: SlotKey): string {
  const minutes = Math.floor(key.startsAt.getTime() / minute);
  return `${uuidToBase62(key.scheduleId)}.${uuidToBase62(key.appointmentTypeId)}.${minutes.toString(36)}`;
}

/** The slot an id names, or undefined when it is not an id this server made. */
export function readSlotId(id: string): SlotKey | undefined {
  const [schedule, type, start, ...rest] = id.split('.');
  if (rest.length > 0 || !schedule || !type || !start || !/^[0-9a-z]{1,9}$/.test(start)) return undefined;
  const scheduleId = base62ToUuid(schedule);
  const appointmentTypeId = base62ToUuid(type);
  if (!scheduleId || !appointmentTypeId || !uuidPattern.test(scheduleId)) return undefined;
  return { scheduleId, appointmentTypeId, startsAt: new Date(Number.parseInt(start, 36) * minute) };
}
