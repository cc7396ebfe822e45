/**
 * The kiosk's key. Staff open the kiosk's address once with `?key=...`; the page keeps the key on
 * the device and takes it out of the address at once, so it is neither left on screen nor in the
 * browser's history for the next person to read.
 */

const storageKey = (locationId: string) => `patientdesk.kiosk.${locationId}`;

/** The key from the address (kept, then removed from it), else the one kept before; null when neither. */
export function takeKioskKey(locationId: string): string | null {
  const address = new URL(window.location.href);
  const fromAddress = address.searchParams.get('key');
  if (fromAddress) {
    window.localStorage.setItem(storageKey(locationId), fromAddress);
    address.searchParams.delete('key');
    window.history.replaceState(
      window.history.state,
      '',
      `${address.pathname}${address.search}${address.hash}`,
    );
    return fromAddress;
  }
  return window.localStorage.getItem(storageKey(locationId));
}
