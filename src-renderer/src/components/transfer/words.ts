// Numbers and sizes as the import and export screens say them.
import { formatCount } from '../../format';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export const FORMAT_NAMES = {
  revenuecat: 'webhook events',
  'refund-desk-export': 'Refund Desk export',
  unknown: 'not recognised',
} as const;
