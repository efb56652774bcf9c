// A child process that refunds one Google Play order through the real refund service,
// Google adapter and workspace file, so a test can kill -9 it at any point (also while the
// Google test server holds the request) and then "restart" in another process.
// Args: <db file> <api root URL> <token URL> <purchase id> <service-account JSON file> <settle ms>.
// Prints "ready" just before the refund starts and "done <status>" when it returns.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../src-main/db/connection';
import { createRefundService } from '../../src-main/refunds/service';
import { createGoogleAdapter } from '../../src-main/stores/google';

const [file, rootUrl, tokenUrl, purchaseId, saFile, settleMs] = process.argv.slice(2);
if (!file || !rootUrl || !tokenUrl || !purchaseId || !saFile || !settleMs) {
  process.stderr.write('usage: googleRefundChild <db> <rootUrl> <tokenUrl> <purchaseId> <saFile> <settleMs>\n');
  process.exit(2);
}
const db = openDatabase(file);
const adapter = createGoogleAdapter({
  credential: { store: 'google', serviceAccountJson: readFileSync(saFile, 'utf8'), packageName: 'com.example.app' },
  endpoint: { rootUrl, tokenUrl },
  timeoutMs: 5000,
  settleMs: Number(settleMs),
});
const service = createRefundService({
  db,
  adapterFor: (s) => (s === 'google' ? adapter : null),
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
