// Amazon RVS verifyReceiptId 1.0 on 127.0.0.1: the production path and the RVS Cloud
// Sandbox path (/sandbox/…, which accepts any non-empty shared secret), JSON receipts with
// epoch-ms dates, and the documented status codes (400, 496, 497, 410, 429, 500).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReceipt {
  userId: string;
  body: Record<string, unknown>;
}

export class FakeRvsServer {
  readonly receipts = new Map<string, FakeReceipt>();
  /** receiptId → status to answer instead (410, 429, 500…). */
  readonly statusFor = new Map<string, number>();
  /** The next requests answered with these statuses, in order, whatever the receipt. */
  readonly failNext: number[] = [];
  readonly requests: string[] = [];
  // Faults, not imitated behaviour: the RVS docs describe no malformed answer or hang; these
  // stand for the harsher cases a real network and proxy can produce.
  /** receiptId → a raw 200 body that is not RVS's documented JSON. */
  readonly rawFor = new Map<string, string>();
  /** Answers only after this long (a client timeout). */
  holdMs = 0;
  url = '';
  private server: Server | null = null;

  constructor(readonly sharedSecret: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.requests.push(path);
      const m = path.match(/^(?:\/sandbox)?\/version\/1\.0\/verifyReceiptId\/developer\/([^/]+)\/user\/([^/]+)\/receiptId\/([^/]+)$/);
      const send = (status: number, body?: unknown) => {
        const out = () => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
        };
        if (this.holdMs) setTimeout(out, this.holdMs);
        else out();
      };
      if (!m) return send(404);
      const [secret, user, receiptId] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent) as [string, string, string];
      // RVS Cloud Sandbox: "the shared secret can be any non-empty string" (Amazon, RVS for IAP apps)
      const sandbox = path.startsWith('/sandbox/');
      if (sandbox ? !secret : secret !== this.sharedSecret) return send(496);
      const next = this.failNext.shift();
      if (next) return send(next);
      const forced = this.statusFor.get(receiptId);
      if (forced) return send(forced);
      const r = this.receipts.get(receiptId);
      if (!r) return send(400);
      if (r.userId !== user) return send(497);
      send(200, this.rawFor.get(receiptId) ?? r.body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export function subscriptionReceipt(receiptId: string, o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    autoRenewing: true,
    betaProduct: false,
    cancelDate: null,
    cancelReason: null,
    deferredDate: null,
    deferredSku: null,
    freeTrialEndDate: null,
    gracePeriodEndDate: null,
    parentProductId: null,
    productId: 'com.example.pro',
    productType: 'SUBSCRIPTION',
    promotions: null,
    purchaseDate: 1_760_000_000_000,
    quantity: 1,
    receiptId,
    renewalDate: 1_762_592_000_000,
    term: '1 Month',
    termSku: 'com.example.pro.monthly',
    testTransaction: false,
    ...o,
  };
}

/** A Billing Compatibility purchases.products.get body, shaped as Amazon's RVS examples show it. */
export function billingCompatProduct(token: string, o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cancelDate: null,
    cancelReason: null,
    kind: 'androidpublisher#productPurchase',
    parentProductId: null,
    productId: 'com.example.gold_medal',
    productType: 'CONSUMABLE',
    purchaseState: 0,
    purchaseTimeMillis: '1760000000000',
    purchaseToken: token,
    purchaseType: null,
    quantity: 1,
    testTransaction: false,
    ...o,
  };
}
