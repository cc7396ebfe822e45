/** Whole years from a birth date (`YYYY-MM-DD`) to a day, as people count birthdays. */
export function ageInYears(birthDate: string, today = new Date()): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - year;
  const beforeBirthday =
    today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

/** The name a patient goes by: their preferred name when they gave one. */
export function displayName(patient: {
  givenName: string;
  familyName: string;
  preferredName: string | null;
}): string {
  return `${patient.preferredName ?? patient.givenName} ${patient.familyName}`;
}
