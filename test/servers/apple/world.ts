// One test world: a client key, a test CA, the fake App Store server, and builders for
// signed notifications/transactions in Apple's V2 shapes.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { type Environment } from '@apple/app-store-server-library';
import { afterEach, beforeEach } from 'vitest';
import type { AppleCredential } from '../../../src-main/secrets/credentials';
import { signJws } from './jws';
import { FakeAppleServer, TestAppleClient } from './server';
import { makeChain, type TestChain } from './x509';

export const BUNDLE = 'com.example.refunddesk';
export const APP_ID = 1234567890;

export interface World {
  server: FakeAppleServer;
  chain: TestChain;
  credential: AppleCredential;
  clientFactory: (c: AppleCredential, env: Environment) => TestAppleClient;
  tx(p: Record<string, unknown>, chain?: TestChain): string;
  notify(type: string, subtype: string | null, tx: Record<string, unknown>, o?: NotifyOptions): string;
  /** Adapter options that reach this world: its credential and client, its test CA as the only root, no OCSP. */
  adapterOptions(): {
    credential: AppleCredential;
    rootCertificates: Buffer[];
    apiClientFactory: World['clientFactory'];
    enableOnlineChecks: false;
  };
}

export interface NotifyOptions {
  signedDate?: number;
  renewal?: Record<string, unknown>;
  chain?: TestChain;
  bundleId?: string;
  environment?: string;
  consumptionRequestReason?: string;
  store?: boolean;
}

export async function makeWorld(env: 'production' | 'sandbox' = 'production'): Promise<World> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const chain = makeChain();
  const credential: AppleCredential = {
    store: 'apple',
    privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: 'KEY123',
    issuerId: '57246542-96fe-1a63-e053-0824d011072a',
    bundleId: BUNDLE,
    appAppleId: APP_ID,
    environment: env,
  };
  const server = new FakeAppleServer({
    bundleId: BUNDLE,
    keyId: credential.keyId,
    issuerId: credential.issuerId,
    clientPublicKey: keys.publicKey,
    historyDays: env === 'production' ? 180 : 30,
  });
  await server.start();
  const appleEnv = env === 'production' ? 'Production' : 'Sandbox';
  const world: World = {
    server,
    chain,
    credential,
    clientFactory: (c, e) => new TestAppleClient(server.url, c.privateKey, c.keyId, c.issuerId, c.bundleId, e),
    tx: (p, ch = chain) =>
      signJws(ch, { bundleId: BUNDLE, environment: appleEnv, signedDate: Date.now(), storefront: 'USA', ...p }),
    notify(type, subtype, tx, o = {}) {
      const signedDate = o.signedDate ?? Date.now();
      const ch = o.chain ?? chain;
      const environment = o.environment ?? appleEnv;
      const data: Record<string, unknown> = {
        appAppleId: APP_ID,
        bundleId: o.bundleId ?? BUNDLE,
        bundleVersion: '1.0',
        environment,
        signedTransactionInfo: signJws(ch, { bundleId: o.bundleId ?? BUNDLE, environment, signedDate, ...tx }),
        status: 1,
      };
      if (o.renewal) data.signedRenewalInfo = signJws(ch, { environment, signedDate, ...o.renewal });
      if (o.consumptionRequestReason) data.consumptionRequestReason = o.consumptionRequestReason;
      const jws = signJws(ch, { notificationType: type, ...(subtype ? { subtype } : {}), notificationUUID: randomUUID(), data, version: '2.0', signedDate });
      if (typeof tx.transactionId === 'string' && typeof tx.type === 'string') server.productTypes.set(tx.transactionId, tx.type);
      if (o.store !== false) server.addNotification(jws, signedDate);
      return jws;
    },
    adapterOptions: () => ({ credential, rootCertificates: [chain.root], apiClientFactory: world.clientFactory, enableOnlineChecks: false }),
  };
  return world;
}

/** The hooks of a test file that runs each test in a new world; `use` receives it before the test. */
export function worldPerTest(env: 'production' | 'sandbox', use: (w: World) => unknown): void {
  let w: World | undefined;
  beforeEach(async () => {
    w = await makeWorld(env);
    await use(w);
  });
  afterEach(async () => {
    await w?.server.close();
  });
}

export { drain as collect, syncContext as ctx } from '../../support/contexts';

export function subTx(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionId: '2000000100',
    originalTransactionId: '2000000100',
    productId: 'pro.monthly',
    type: 'Auto-Renewable Subscription',
    purchaseDate: Date.now() - 3_600_000,
    originalPurchaseDate: Date.now() - 3_600_000,
    expiresDate: Date.now() + 30 * 86_400_000,
    inAppOwnershipType: 'PURCHASED',
    appAccountToken: '7e3fb20b-4cdb-47cc-936d-99d65f608138',
    price: 9990,
    currency: 'USD',
    transactionReason: 'PURCHASE',
    ...o,
  };
}
