// Payloads that must be rejected by the SignedDataVerifier path and stored nowhere.
import { readFileSync } from 'node:fs';
import { createHash, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppleAdapter, readAppleRootCertificates } from '../../../../src-main/stores/apple';
import { signJws, tamperJws, unsignedJws } from '../../../servers/apple/jws';
import { collect, ctx, subTx, worldPerTest, type World } from '../../../servers/apple/world';
import { makeChain } from '../../../servers/apple/x509';

let w: World;
worldPerTest('production', (x) => (w = x));

const adapter = () => createAppleAdapter(w.adapterOptions());

/** Syncs with one good notification around the bad one: the good one is kept, the bad one nowhere. */
async function syncWithBad(bad: string): Promise<{ notices: string[]; keys: string[] }> {
  const t = Date.now() - 60_000;
  w.notify('SUBSCRIBED', 'INITIAL_BUY', subTx({ transactionId: 'good', originalTransactionId: 'good' }), { signedDate: t });
  w.server.addNotification(bad, t + 1);
  const c = ctx();
  const batches = await collect(adapter().sync(null, c));
  return { notices: c.notices, keys: batches.flatMap((b) => [...b.events.map((e) => e.purchaseKey), ...b.purchases.map((p) => p.storeKey)]) };
}

const badTx = () => subTx({ transactionId: 'bad', originalTransactionId: 'bad' });

describe('Apple signature verification', () => {
  it('accepts the test chain given as root (control)', async () => {
    const { notices, keys } = await syncWithBad(w.notify('SUBSCRIBED', 'INITIAL_BUY', badTx(), { store: false, signedDate: Date.now() - 1000 }));
    expect(notices).toEqual([]);
    expect(keys).toContain('bad');
  });

  it.each([
    ['a wrong root', () => ({ chain: makeChain() }), /does not verify against Apple Root CA G3/],
    ['a wrong bundle ID', () => ({ bundleId: 'com.other.app' }), /another app/],
    ['a LocalTesting environment', () => ({ environment: 'LocalTesting' }), /LocalTesting/],
    ['an Xcode environment', () => ({ environment: 'Xcode' }), /Xcode/],
  ])('rejects %s, stores nothing of it', async (_name, opts, message) => {
    const o = opts();
    const bad = w.notify('SUBSCRIBED', 'INITIAL_BUY', badTx(), { ...o, store: false, signedDate: Date.now() - 1000 });
    const { notices, keys } = await syncWithBad(bad);
    expect(keys).toContain('good');
    expect(keys).not.toContain('bad');
    expect(notices.join('\n')).toMatch(message);
  });

  it('rejects a chain under the trusted root whose intermediate or leaf lacks Apple’s OID', async () => {
    const under = (o: Parameters<typeof makeChain>[0]) => makeChain({ ...o, rootKeys: (w.chain as ReturnType<typeof makeChain>).rootKeys });
    for (const chain of [under({ intermediateOid: '1.2.840.113635.100.6.2.99' }), under({ leafOid: '1.2.840.113635.100.6.11.99' })]) {
      expect(new X509Certificate(chain.intermediate).verify(new X509Certificate(w.chain.root).publicKey)).toBe(true);
      w.server.notifications.length = 0;
      const bad = w.notify('SUBSCRIBED', 'INITIAL_BUY', badTx(), { chain, store: false, signedDate: Date.now() - 1000 });
      const { notices, keys } = await syncWithBad(bad);
      expect(keys).not.toContain('bad');
      expect(notices.join('\n')).toMatch(/marker OIDs|does not verify/);
    }
  });

  it('rejects an expired chain (checked at the payload’s signing date)', async () => {
    const chain = makeChain({ notBefore: Date.now() - 400 * 86_400_000, notAfter: Date.now() - 200 * 86_400_000, rootKeys: (w.chain as ReturnType<typeof makeChain>).rootKeys });
    const bad = w.notify('SUBSCRIBED', 'INITIAL_BUY', badTx(), { chain, store: false, signedDate: Date.now() - 1000 });
    const { notices, keys } = await syncWithBad(bad);
    expect(keys).not.toContain('bad');
    expect(notices.join('\n')).toMatch(/expired|not yet valid|does not verify/);
  });

  it('rejects a tampered body (price edited after signing)', async () => {
    const good = w.notify('SUBSCRIBED', 'INITIAL_BUY', badTx(), { store: false, signedDate: Date.now() - 1000 });
    const bad = tamperJws(good, (p) => {
      (p as { notificationType: string }).notificationType = 'REFUND';
    });
    const { notices, keys } = await syncWithBad(bad);
    expect(keys).not.toContain('bad');
    expect(notices.join('\n')).toMatch(/does not verify|edited/);
  });

  it('rejects an unsigned Xcode payload even though the library would skip verification for it', async () => {
    const inner = unsignedJws({ ...badTx(), bundleId: w.credential.bundleId, environment: 'Xcode', signedDate: Date.now() });
    const bad = unsignedJws({ notificationType: 'SUBSCRIBED', notificationUUID: 'x', signedDate: Date.now() - 1000, data: { bundleId: w.credential.bundleId, appAppleId: 1234567890, environment: 'Xcode', signedTransactionInfo: inner } });
    const { notices, keys } = await syncWithBad(bad);
    expect(keys).not.toContain('bad');
    expect(notices.join('\n')).toMatch(/Xcode/);
  });

  it('refuses a credential that names an environment without signatures', () => {
    expect(() =>
      createAppleAdapter({ credential: { ...w.credential, environment: 'LocalTesting' as never }, rootCertificates: [w.chain.root], apiClientFactory: w.clientFactory }),
    ).toThrow(/only production and sandbox/);
  });

  it('a transaction signed by the right chain but for another app is rejected on refresh', async () => {
    w.server.transactions.set('bad', [signJws(w.chain, { ...badTx(), bundleId: 'com.other.app', environment: 'Production', signedDate: Date.now() })]);
    w.server.refunds.set('bad', []);
    const c = ctx();
    const batches = await collect(adapter().refresh!([{ kind: 'apple_original_transaction_id', value: 'bad' }], c));
    expect(batches.flatMap((b) => b.purchases)).toEqual([]);
    expect(c.notices.join('\n')).toMatch(/another app/);
  });
});

describe("Apple's real root ships with the app", () => {
  it('resources/AppleRootCA-G3.cer is Apple Root CA - G3 and createAppleAdapter reads it by default', async () => {
    const file = join(process.cwd(), 'resources', 'AppleRootCA-G3.cer');
    const der = readFileSync(file);
    const sha1 = createHash('sha1').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    expect(sha1).toBe('B5:2C:B0:2F:D5:67:E0:35:9F:E8:FA:4D:4C:41:03:79:70:FE:01:B0');
    expect(new X509Certificate(der).subject).toMatch(/Apple Root CA - G3/);
    expect(readAppleRootCertificates()[0]!.equals(der)).toBe(true);
    // Without rootCertificates the adapter trusts only the real root: the test chain fails.
    const a = createAppleAdapter({ credential: w.credential, apiClientFactory: w.clientFactory, enableOnlineChecks: false });
    w.notify('SUBSCRIBED', 'INITIAL_BUY', subTx(), { signedDate: Date.now() - 1000 });
    const c = ctx();
    const batches = await collect(a.sync(null, c));
    expect(batches.flatMap((b) => b.events)).toEqual([]);
    expect(c.notices.join('\n')).toMatch(/does not verify against Apple Root CA G3/);
    // …and with resourcesDir pointing elsewhere (a built app's resources) it reads that folder.
    expect(() => createAppleAdapter({ credential: w.credential, resourcesDir: '/nonexistent', apiClientFactory: w.clientFactory })).toThrow(/ENOENT/);
  });
});
