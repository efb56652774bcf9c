// A child process that refunds one Stripe payment through the real service, adapter and
// workspace file, so a test can kill -9 it at any point and then "restart" in another
// process. Args: <db file> <stripe host> <stripe port> <purchase id>.
// Prints "ready" just before the refund starts and "done <status>" when it returns.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../src-main/db/connection';
import { createRefundService } from '../../src-main/refunds/service';
import { createStripeAdapter } from '../../src-main/stores/stripe';

const [file, host, port, purchaseId, secretKey] = process.argv.slice(2);
if (!file || !host || !port || !purchaseId || !secretKey) {
  process.stderr.write('usage: refundChild <db> <host> <port> <purchaseId> <secretKey>\n');
  process.exit(2);
}
const db = openDatabase(file);
const adapter = createStripeAdapter({
  credential: { store: 'stripe', secretKey },
  endpoint: { host, port: Number(port), protocol: 'http' },
  timeoutMs: 5000,
});
const service = createRefundService({
  db,
  adapterFor: (s) => (s === 'stripe' ? adapter : null),
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
