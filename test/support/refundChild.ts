// A child process that refunds one purchase through the real refund service, the store's
// real adapter and the workspace file, so a test can kill -9 it at any point (also while
// the store's test server holds the request) and then "restart" in another process.
// Args: <db file> <purchase id> <store> <store args...>
//   stripe <host> <port> <secret key>
//   google <api root URL> <token URL> <service-account JSON file> <settle ms>
// Prints "ready" just before the refund starts and "done <status>" when it returns.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../src-main/db/connection';
import { createRefundService } from '../../src-main/refunds/service';
import type { StoreAdapter } from '../../src-main/stores/adapter';
import { createGoogleAdapter } from '../../src-main/stores/google';
import { createStripeAdapter } from '../../src-main/stores/stripe';

const [file, purchaseId, store, ...rest] = process.argv.slice(2);

function adapterFrom(): StoreAdapter | null {
  if (store === 'stripe' && rest.length === 3) {
    const [host, port, secretKey] = rest as [string, string, string];
    return createStripeAdapter({ credential: { store: 'stripe', secretKey }, endpoint: { host, port: Number(port), protocol: 'http' }, timeoutMs: 5000 });
  }
  if (store === 'google' && rest.length === 4) {
    const [rootUrl, tokenUrl, saFile, settleMs] = rest as [string, string, string, string];
    return createGoogleAdapter({
      credential: { store: 'google', serviceAccountJson: readFileSync(saFile, 'utf8'), packageName: 'com.example.app' },
      endpoint: { rootUrl, tokenUrl },
      timeoutMs: 5000,
      settleMs: Number(settleMs),
    });
  }
  return null;
}

const adapter = adapterFrom();
if (!file || !purchaseId || !adapter) {
  process.stderr.write('usage: refundChild <db> <purchaseId> stripe <host> <port> <secretKey> | google <rootUrl> <tokenUrl> <saFile> <settleMs>\n');
  process.exit(2);
}
const db = openDatabase(file);
const service = createRefundService({
  db,
  adapterFor: (s) => (s === store ? adapter : null),
  isOnline: () => true,
  now: Date.now,
  newId: () => `ri_${randomUUID()}`,
});
process.stdout.write('ready\n');
service
  .create({ purchaseId: Number(purchaseId), mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, { osUser: 'child', name: 'Child' })
  .then((r) => {
    process.stdout.write(`done ${r.status}\n`);
    db.close();
  })
  .catch((e: unknown) => {
    process.stdout.write(`error ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
