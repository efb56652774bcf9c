export { startStripeServer, type StripeTestServer, type FaultRule, type Fault } from './server';
export * from './objects';
export * from './billing';
export { nowSec, emitEvent, type Obj } from './state';
export { seedAccount, generateRefundEvents } from './seed';
