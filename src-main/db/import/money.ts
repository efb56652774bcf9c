// ISO 4217 minor units. Most currencies have 2 decimals; these are the documented exceptions.
const ZERO = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function toMinor(amount: number, currency: string): number {
  const c = currency.toUpperCase();
  const exp = ZERO.has(c) ? 0 : THREE.has(c) ? 3 : 2;
  return Math.round(Math.abs(amount) * 10 ** exp);
}
