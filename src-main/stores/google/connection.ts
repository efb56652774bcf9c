// "Test connection": one cheap real call (a Voided Purchases page of one), and in words
// what the service account lacks when Google refuses it.
import type { ConnectionReport } from '../adapter';
import type { Api } from './api';
import { googleError } from './client';
import type { Clock, QuotaLimiter } from './quota';

export async function testGoogleConnection(api: Api, quota: QuotaLimiter, clock: Clock): Promise<ConnectionReport> {
  const testedAt = clock.now();
  try {
    await quota.take();
    await api.voidedList({ maxResults: 1 });
    return {
      ok: true,
      can: ['read voided purchases and orders (View financial data)'],
      missing: [],
      message: `Connected to Google Play for ${api.packageName}.`,
      testedAt,
    };
  } catch (e) {
    const g = googleError(e, 'the connection test', clock.now);
    const missing =
      g.status === 403
        ? ['the service account lacks View financial data (Play Console → Users and permissions); refunds also need Manage orders']
        : g.status === 401 || g.status === 400
          ? ['a valid service-account key: Google did not accept it']
          : [];
    return { ok: false, can: [], missing, message: g.message, testedAt };
  }
}
