// Amounts in files are in major units (9.99); the cache keeps integer minor units in the
// currency's own precision, from the one table main and the renderer share.
import { minorUnitDigits } from '../../ipc/vocabulary';

export function toMinor(amount: number, currency: string): number {
  return Math.round(Math.abs(amount) * 10 ** minorUnitDigits(currency));
}
