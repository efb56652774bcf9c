// Well-known customers of the demo workspace, for e2e tests and the docs. Fictional data.
export const DEMO_JANE = {
  email: 'jane@example.com',
  displayName: 'Jane Example',
  appUserId: 'user_jane_42',
  appleOriginalTransactionId: '2000000847123456',
  appleOrderId: 'MQ7T2K9PLX',
  googleOrderId: 'GPA.3312-7788-1290-44561',
  googlePurchaseToken: 'gplay.jane.AO-J1OxDemoPurchaseToken42',
  stripeCustomer: 'cus_DemoJane0001',
  stripeSubscription: 'sub_DemoJane0001',
  stripePaymentIntent: 'pi_DemoJane0001',
} as const;

/** An Apple consumable with an open CONSUMPTION_REQUEST (deadline relative to "now"). */
export const DEMO_CONSUMPTION = {
  appUserId: 'user_gems_7',
  email: 'gem.buyer@example.com',
  appleOriginalTransactionId: '2000000999000111',
  appleTransactionId: '2000000999000111',
} as const;

/** A Stripe customer with an open dispute (chargeback). */
export const DEMO_DISPUTE = {
  email: 'disputer@example.com',
  stripeCustomer: 'cus_DemoDispute01',
  stripeCharge: 'ch_DemoDispute01',
  stripePaymentIntent: 'pi_DemoDispute01',
  disputeId: 'dp_DemoDispute01',
} as const;

/** An Amazon subscription cancelled through RVS (a refund cannot be told apart). */
export const DEMO_AMAZON = {
  amazonUserId: 'amzn1.account.DEMOAMAZONUSER01',
  receiptId: 'q1YqVrJSSyrNTU2tSEotM1LJz0ksTEtR0lFKzs8rSUzPSMxLz8vMA',
} as const;

/** A Google refund done in the Play Console: refund only, found through the Orders API, not in Voided Purchases. */
export const DEMO_PLAY_CONSOLE_REFUND = {
  googleOrderId: 'GPA.3377-1000-2000-30000',
  googlePurchaseToken: 'gplay.console.refund.DemoToken77',
} as const;
