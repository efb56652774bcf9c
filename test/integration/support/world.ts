// The four local stores, each accepting ONE credential whose secret part carries a unique
// marker, with enough history that every sync path writes events and both console refund
// paths (Stripe, Google) have something to refund.
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { type Environment } from '@apple/app-store-server-library';
import type { CredentialInputOf } from '../../../src-main/ipc/channels/credentials';
import type { AppleCredential } from '../../../src-main/secrets/credentials';
import type { StoreEndpoints } from '../../../src-main/stores/registry';
import type { IngestBatch } from '../../../src-main/stores/types';
import { FakeRvsServer, subscriptionReceipt } from '../../servers/amazon/server';
import { signJws } from '../../servers/apple/jws';
import { FakeAppleServer, TestAppleClient } from '../../servers/apple/server';
import { makeChain } from '../../servers/apple/x509';
import { GOOGLE_TOKEN_AUD, type TestServiceAccount } from '../../servers/google/oauth';
import { startGoogleServer, type GoogleTestServer } from '../../servers/google/server';
import { createCustomer, createPayment, seedAccount, startStripeServer, type StripeTestServer } from '../../servers/stripe';
import { makeMarker, markerNeedles, privateKeyNeedles, type Needle } from './needles';

const DAY = 86_400_000;
export const PACKAGE = 'com.example.leaks';
export const BUNDLE = 'com.example.refunddesk';
export const STRIPE_EMAIL = 'lena.leak@example.com';

const alnum = (n: number): string =>
  [...randomBytes(n)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');

export interface Markers {
  stripe: string;
  google: string;
  apple: string;
  amazon: string;
}

export interface LeakWorld {
  markers: Markers;
  inputs: {
    stripe: CredentialInputOf<'stripe'>;
    google: CredentialInputOf<'google'>;
    apple: CredentialInputOf<'apple'>;
    amazon: CredentialInputOf<'amazon'>;
  };
  needles: Needle[];
  endpoints: StoreEndpoints;
  stripe: StripeTestServer;
  google: GoogleTestServer;
  apple: FakeAppleServer;
  amazon: FakeRvsServer;
  /** Google subscription to refund from the console: its purchase token and order IDs. */
  googleRefund: { token: string; orderIds: string[] };
  /** Apple consumable with an open CONSUMPTION_REQUEST. */
  appleRequestTransactionId: string;
  /** What the app would have learned from its own backend: Google tokens and Amazon receipts. */
  seedBatch(): IngestBatch;
  close(): Promise<void>;
}

export async function startLeakWorld(): Promise<LeakWorld> {
  const markers: Markers = { stripe: makeMarker('stripe'), google: makeMarker('google'), apple: makeMarker('apple'), amazon: makeMarker('amazon') };

  // --- Stripe: the marker right after the key prefix, where Stripe's own masking ("sk_test_****…last4") hides it.
  const stripeKey = `sk_test_${markers.stripe}${alnum(40)}`;
  const stripe = await startStripeServer();
  stripe.account.keys.set(stripeKey, { refunds: true });
  seedAccount(stripe.account);
  const lena = createCustomer(stripe.account, { email: STRIPE_EMAIL, name: 'Lena Leak', metadata: { app_user_id: 'user_lena_leak' } });
  createPayment(stripe.account, { customer: lena.id as string, amount: 2999, description: 'Lifetime unlock' });

  // --- Google: the marker in private_key_id; the RSA key itself is scanned for too.
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const googlePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const clientEmail = 'refund-desk@leak-test-123.iam.gserviceaccount.com';
  const serviceAccountJson = JSON.stringify({
    type: 'service_account',
    project_id: 'leak-test-123',
    private_key_id: `${markers.google}${randomBytes(12).toString('hex')}`,
    private_key: googlePem,
    client_email: clientEmail,
    client_id: '1234567890',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: GOOGLE_TOKEN_AUD,
  });
  const sa: TestServiceAccount = { json: serviceAccountJson, clientEmail, publicKey: createPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' })) };
  const google = await startGoogleServer({ serviceAccount: sa, packageName: PACKAGE });
  const kept = google.account.addSubscription({ productId: 'pro_monthly', priceMinor: 899, currency: 'EUR', renewals: 1, externalAccountId: 'user_gwen_leak' });
  const voided = google.account.addSubscription({ productId: 'pro_yearly', priceMinor: 4999, currency: 'EUR', renewals: 0, externalAccountId: 'user_vera_leak' });
  // A Play Console refund-and-revoke: sync finds it through Voided Purchases.
  google.account.fullRefund(voided.orderIds[0]!, { revoke: true, source: 1, reason: 1 });

  // --- Apple: the .p8 key is the secret. No text fits inside the key itself, so the marker
  // is explanatory text before the BEGIN line (RFC 7468 §2; OpenSSL skips it) and the
  // key body is scanned for separately.
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const applePem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const appleInput: CredentialInputOf<'apple'> = {
    store: 'apple',
    privateKey: `${markers.apple}\n${applePem}`,
    keyId: 'LK7Q2Z9X4A',
    issuerId: randomUUID(),
    bundleId: BUNDLE,
    appAppleId: 1234567890,
    environment: 'sandbox',
  };
  const chain = makeChain();
  const apple = new FakeAppleServer({ bundleId: BUNDLE, keyId: appleInput.keyId, issuerId: appleInput.issuerId, clientPublicKey: ec.publicKey, historyDays: 30 });
  await apple.start();
  const notify = (type: string, subtype: string | null, tx: Record<string, unknown>, signedDate: number, extra: Record<string, unknown> = {}) => {
    const data = {
      appAppleId: 1234567890,
      bundleId: BUNDLE,
      bundleVersion: '1.0',
      environment: 'Sandbox',
      signedTransactionInfo: signJws(chain, { bundleId: BUNDLE, environment: 'Sandbox', signedDate, storefront: 'USA', ...tx }),
      status: 1,
      ...extra,
    };
    apple.addNotification(signJws(chain, { notificationType: type, ...(subtype ? { subtype } : {}), notificationUUID: randomUUID(), data, version: '2.0', signedDate }), signedDate);
  };
  const t0 = Date.now() - 5 * DAY;
  const sub = { transactionId: '2000000900', originalTransactionId: '2000000900', productId: 'pro.monthly', type: 'Auto-Renewable Subscription', purchaseDate: t0, originalPurchaseDate: t0, expiresDate: t0 + 30 * DAY, inAppOwnershipType: 'PURCHASED', appAccountToken: randomUUID(), price: 9990, currency: 'USD', transactionReason: 'PURCHASE' };
  notify('SUBSCRIBED', 'INITIAL_BUY', sub, t0);
  notify('REFUND', null, { ...sub, revocationDate: t0 + DAY, revocationReason: 0 }, t0 + DAY);
  const coins = { transactionId: '3000000900', originalTransactionId: '3000000900', productId: 'coins.500', type: 'Consumable', purchaseDate: Date.now() - 2 * 3_600_000, inAppOwnershipType: 'PURCHASED', price: 4990, currency: 'USD', transactionReason: 'PURCHASE' };
  notify('ONE_TIME_CHARGE', null, coins, coins.purchaseDate);
  notify('CONSUMPTION_REQUEST', null, coins, Date.now() - 60_000, { consumptionRequestReason: 'UNINTENDED_PURCHASE' });

  // --- Amazon: the marker inside the RVS shared secret (it travels in the request path).
  const sharedSecret = `2:${markers.amazon}:${alnum(24)}`;
  const amazon = new FakeRvsServer(sharedSecret);
  await amazon.start();
  amazon.receipts.set('amzn-rcpt-active', { userId: 'amzn-user-1', body: subscriptionReceipt('amzn-rcpt-active') });
  amazon.receipts.set('amzn-rcpt-cancelled', { userId: 'amzn-user-2', body: subscriptionReceipt('amzn-rcpt-cancelled', { cancelDate: 1_761_000_000_000, cancelReason: 1 }) });

  const endpoints: StoreEndpoints = {
    stripe: { host: stripe.host, port: stripe.port, protocol: 'http' },
    google: { rootUrl: google.rootUrl, tokenUrl: google.tokenUrl },
    apple: {
      apiClientFactory: (c: AppleCredential, e: Environment) => new TestAppleClient(apple.url, c.privateKey, c.keyId, c.issuerId, c.bundleId, e),
      rootCertificates: [chain.root],
      enableOnlineChecks: false,
    },
    amazon: { baseUrl: amazon.url },
  };

  const needles: Needle[] = [
    ...markerNeedles('stripe', markers.stripe),
    ...markerNeedles('google', markers.google),
    ...markerNeedles('apple', markers.apple),
    ...markerNeedles('amazon', markers.amazon),
    ...privateKeyNeedles('google private key', googlePem),
    ...privateKeyNeedles('apple .p8 key', applePem),
    // The whole secrets too (a leak of the full Stripe key or Amazon secret is caught by the marker; these name it).
    { label: 'stripe key (whole)', bytes: Buffer.from(stripeKey) },
    { label: 'amazon shared secret (whole)', bytes: Buffer.from(sharedSecret) },
    { label: 'amazon shared secret (URL-encoded)', bytes: Buffer.from(encodeURIComponent(sharedSecret)) },
  ];

  const googleOrder = (id: string) => google.account.order(id);
  return {
    markers,
    inputs: {
      stripe: { store: 'stripe', secretKey: stripeKey },
      google: { store: 'google', serviceAccountJson, packageName: PACKAGE },
      apple: appleInput,
      amazon: { store: 'amazon', sharedSecret, environment: 'production' },
    },
    needles,
    endpoints,
    stripe,
    google,
    apple,
    amazon,
    googleRefund: kept,
    appleRequestTransactionId: coins.transactionId,
    seedBatch: () => ({
      purchases: [
        ...[kept, voided].map(({ token, orderIds }, i) => ({
          store: 'google' as const,
          storeKey: token,
          productId: i === 0 ? 'pro_monthly' : 'pro_yearly',
          kind: 'subscription' as const,
          environment: 'production' as const,
          purchasedAt: googleOrder(orderIds[0]!).createTime,
          priceMinor: i === 0 ? 899 : 4999,
          currency: 'EUR',
          expiresAt: googleOrder(orderIds[orderIds.length - 1]!).servicePeriodEnd ?? null,
          autoRenew: true,
          ids: { google_order_id: orderIds[0]! },
          customer: {
            appUserId: i === 0 ? 'user_gwen_leak' : 'user_vera_leak',
            email: i === 0 ? 'gwen.leak@example.com' : 'vera.leak@example.com',
            ids: [{ kind: 'google_purchase_token' as const, value: token }, ...orderIds.map((o) => ({ kind: 'google_order_id' as const, value: o }))],
          },
        })),
        ...[['amzn-rcpt-active', 'amzn-user-1'], ['amzn-rcpt-cancelled', 'amzn-user-2']].map(([receiptId, userId]) => ({
          store: 'amazon' as const,
          storeKey: receiptId!,
          productId: 'com.example.pro.monthly',
          kind: 'subscription' as const,
          environment: 'production' as const,
          purchasedAt: 1_760_000_000_000,
          ids: { amazon_receipt_id: receiptId!, amazon_user_id: userId! },
          customer: { ids: [{ kind: 'amazon_user_id' as const, value: userId! }, { kind: 'amazon_receipt_id' as const, value: receiptId! }] },
        })),
      ],
      events: [],
    }),
    async close() {
      await Promise.allSettled([stripe.close(), google.close(), apple.close(), amazon.close()]);
    },
  };
}
